/*  gw_stubs_tmp.c - TEMPORARY no-op module hooks so rt-gateway links before gw_md*.c and
    gw_orders*.c exist. CMakeLists.txt compiles each half only while its module is missing;
    this file is deleted once both modules have landed.
*/
#include "gw.h"

#ifdef GW_STUB_MD
struct _gw_md_t { gw_t *gw; };
static struct _gw_md_t s_md;

gw_md_t *gw_md_new (gw_t *gw) { s_md.gw = gw; return &s_md; }
void gw_md_destroy (gw_md_t **self_p) { *self_p = NULL; }
int gw_md_on_tws (gw_md_t *self, int msg_id, tws_reader_t *r) { return 0; }
void gw_md_on_session (gw_md_t *self, bool fresh) { }
void gw_md_on_lost (gw_md_t *self) { }
int gw_md_on_command (gw_md_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{ return 0; }
void gw_md_snapshot (gw_md_t *self, const rt_cmd_peer_t *peer) { }
#endif

#ifdef GW_STUB_ORDERS
struct _gw_orders_t { gw_t *gw; };
static struct _gw_orders_t s_orders;

gw_orders_t *gw_orders_new (gw_t *gw, const char *data_dir)
{ s_orders.gw = gw; return &s_orders; }
void gw_orders_destroy (gw_orders_t **self_p) { *self_p = NULL; }
int gw_orders_on_tws (gw_orders_t *self, int msg_id, tws_reader_t *r) { return 0; }
void gw_orders_on_next_valid_id (gw_orders_t *self, int64_t id) { }
//  No reconciliation to wait for: done at once.
void gw_orders_on_session (gw_orders_t *self, bool fresh) { gw_reconcile_done (self->gw); }
void gw_orders_on_lost (gw_orders_t *self) { }
int gw_orders_on_command (gw_orders_t *self, const rt_bus_msg_t *msg, const rt_cmd_peer_t *peer)
{ return 0; }
void gw_orders_snapshot (gw_orders_t *self, const rt_cmd_peer_t *peer) { }
#endif
