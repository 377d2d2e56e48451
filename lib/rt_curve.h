/*  rt_curve.h - CURVE encryption and ZAP authentication for every bus socket.

    Off unless RT_CURVE_DIR names a directory; then every bus socket uses CURVE and every
    server socket asks a ZAP handler whether a client key may connect. Layout:

        $RT_CURVE_DIR/<role>.key           public cert of a role (zcert format)
        $RT_CURVE_DIR/<role>.key_secret    its secret cert; needed only where the role runs
        $RT_CURVE_DIR/allowed/<socket>/    public certs (any file name, e.g. orders.key)
                                           of the clients allowed to connect to <socket>

    A role is a service or a tool: gateway, orders, risk, publisher, strategy, rt-tap, rt-ctl.
    A <socket> is "<service>.pub" or "<service>.cmd" (gateway.pub, gateway.cmd, ...), so each
    command socket has its own list of keys that may send commands, and each PUB its own list
    of subscribers. A key absent from the list gets no connection at all: a SUB receives
    nothing, a DEALER gets no reply. The folders are re-read on every handshake, so adding or
    removing a cert takes effect for the next connection. tools/rt-keygen writes this layout.

    Why not zauth: czmq's zauth keeps one certificate store per process and ignores the ZAP
    domain, so a service's PUB and its command socket could not have different lists. The
    handler here (rt_curve_zap.c) is the same idea, keyed by the ZAP domain that each server
    socket sets to its <socket> name. It runs in one actor thread per process, started by
    the first CURVE server socket and stopped with the last: ZAP answers handshakes while the
    service's own thread may be busy or blocked in a call.

    Without RT_CURVE_DIR the bus binds only to local endpoints (see rt_curve_bind_check).
*/
#ifndef RT_CURVE_H_INCLUDED
#define RT_CURVE_H_INCLUDED

#include <stdbool.h>
#include <czmq.h>
#include "rt_error.h"

#define RT_CURVE_DIR_ENV  "RT_CURVE_DIR"
#define RT_CURVE_NAME_MAX 64         //  longest role or socket name

//  The certificate directory, or NULL when RT_CURVE_DIR is unset or empty (CURVE off).
const char *rt_curve_dir (void);

//  0 when endpoint may be bound: always with CURVE on; without it only tcp:// on
//  127.0.0.0/8, [::1] or localhost, and ipc:// or inproc://. Otherwise logs why and returns
//  RT_EINVAL.
int rt_curve_bind_check (const char *endpoint);

//  A role or socket name: 1..RT_CURVE_NAME_MAX-1 of [a-z0-9._-], not starting with '.'.
bool rt_curve_name_ok (const char *name);

//  Makes sock a CURVE server with the secret cert of role and ZAP domain socket_name,
//  starting the process's ZAP handler if needed. Call before bind. With CURVE off it does
//  nothing and sets *zap_held false; when it sets *zap_held true the caller must call
//  rt_curve_server_release once the socket is destroyed. role may also be a path (it
//  contains '/') to a secret cert file. Returns 0, RT_EINVAL (bad name, missing or
//  public-only cert: logged) or RT_EIO (the ZAP handler could not start).
int rt_curve_server_apply (zsock_t *sock, const char *role, const char *socket_name,
                           bool *zap_held);
void rt_curve_server_release (void);

//  Makes sock a CURVE client of server_role with the secret cert of role. Call before each
//  connect (the server key is taken at connect time, so one SUB can connect to several
//  servers). Either name may be a path (contains '/') to a cert file: role's must hold the
//  secret key, server_role's the public one. With CURVE off it does nothing. Returns 0 or
//  RT_EINVAL (logged).
int rt_curve_client_apply (zsock_t *sock, const char *role, const char *server_role);

//  Writes a new keypair as <dir>/<role>.key and <dir>/<role>.key_secret (mode 0600 for the
//  secret, as zcert_save writes it). Returns 0, RT_EINVAL or RT_EIO.
int rt_curve_keygen (const char *dir, const char *role);

//  Copies the public cert of role into <dir>/allowed/<socket_name>/<role>.key, creating the
//  folders. Returns 0, RT_EINVAL or RT_EIO.
int rt_curve_allow (const char *dir, const char *socket_name, const char *role);

#endif
