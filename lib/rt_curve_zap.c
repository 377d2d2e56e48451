/*  rt_curve_zap.c - the ZAP handler (RFC 27): CURVE keys allowed per server socket.

    Runs as a czmq actor because the handshake of a socket in this process must be answered
    while the service's own thread is blocked or busy. The actor logs through zsys (stdio
    is locked per call, so its lines don't tear); rt_log is the single-threaded logger of
    the service thread.
*/
#include <limits.h>
#include <string.h>
#include "rt_curve.h"
#include "rt_curve_zap.h"

#define S_ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define S_KEY_BYTES    32

typedef struct {
    zsock_t *handler;               //  REP bound to the ZAP endpoint, owned by the actor
    char dir [PATH_MAX];
} s_args_t;

//  Owned by the thread that creates the bus sockets (services have one).
static zactor_t *s_actor;
static int s_refs;
static char s_dir [PATH_MAX];

static int
s_reply (zsock_t *handler, zframe_t *request_id, const char *code, const char *text,
         const char *user_id)
{
    zmsg_t *reply = zmsg_new ();
    if (!reply)
        return -1;
    if (zmsg_addstr (reply, "1.0") != 0
    ||  zmsg_append (reply, &request_id) != 0
    ||  zmsg_addstr (reply, code) != 0
    ||  zmsg_addstr (reply, text) != 0
    ||  zmsg_addstr (reply, user_id) != 0
    ||  zmsg_addmem (reply, NULL, 0) != 0) {
        zframe_destroy (&request_id);
        zmsg_destroy (&reply);
        return -1;
    }
    if (zmsg_send (&reply, handler) != 0) {
        zmsg_destroy (&reply);
        return -1;
    }
    return 0;
}

static zcertstore_t *
s_store (zhashx_t *stores, const char *dir, const char *domain)
{
    zcertstore_t *store = (zcertstore_t *) zhashx_lookup (stores, domain);
    if (store)
        return store;
    char path [PATH_MAX];
    if (snprintf (path, sizeof (path), "%s/allowed/%s", dir, domain) >= (int) sizeof (path))
        return NULL;
    store = zcertstore_new (path);
    if (store && zhashx_insert (stores, domain, store) != 0)
        zcertstore_destroy (&store);
    return store;
}

//  Always answers, so a malformed or unexpected request fails the handshake, never hangs it.
static void
s_handle (zsock_t *handler, zhashx_t *stores, const char *dir, uint64_t *denied)
{
    zmsg_t *request = zmsg_recv (handler);
    if (!request)
        return;
    char *version = zmsg_popstr (request);
    zframe_t *request_id = zmsg_pop (request);
    char *domain = zmsg_popstr (request);
    char *address = zmsg_popstr (request);
    char *identity = zmsg_popstr (request);
    char *mechanism = zmsg_popstr (request);
    zframe_t *key = zmsg_pop (request);
    if (!request_id)
        request_id = zframe_new ("", 0);
    if (!request_id)
        goto done;                  //  out of memory: the client's handshake times out
    const char *why = NULL;
    char key_txt [41] = "";
    if (!version || !streq (version, "1.0"))
        why = "bad ZAP version";
    else
    if (!mechanism || !streq (mechanism, "CURVE"))
        why = "only CURVE is accepted";
    else
    if (!domain || !rt_curve_name_ok (domain))
        why = "bad ZAP domain";
    else
    if (!key || zframe_size (key) != S_KEY_BYTES
    ||  !zmq_z85_encode (key_txt, zframe_data (key), S_KEY_BYTES))
        why = "bad CURVE key";
    else {
        zcertstore_t *store = s_store (stores, dir, domain);
        if (!store || !zcertstore_lookup (store, key_txt))
            why = "key not allowed";
    }
    if (why) {
        //  A denied client retries every reconnect interval: log 1, 2, 4, 8... of them.
        (*denied)++;
        if ((*denied & (*denied - 1)) == 0)
            zsys_warning ("curve: denied %s (key %s, domain %s, from %s): %s [%llu denials]",
                          mechanism ? mechanism : "?", *key_txt ? key_txt : "?",
                          domain ? domain : "?", address ? address : "?", why,
                          (unsigned long long) *denied);
    }
    //  A reply that cannot be sent leaves the client's handshake to time out: still denied.
    if (s_reply (handler, request_id, why ? "400" : "200", why ? why : "OK",
                 why ? "" : key_txt) != 0)
        zsys_error ("curve: cannot send a ZAP reply");
    request_id = NULL;              //  the reply took it
done:
    zframe_destroy (&request_id);
    zframe_destroy (&key);
    zstr_free (&version);
    zstr_free (&domain);
    zstr_free (&address);
    zstr_free (&identity);
    zstr_free (&mechanism);
    zmsg_destroy (&request);
}

static void
s_actor_fn (zsock_t *pipe, void *arg)
{
    s_args_t *args = (s_args_t *) arg;
    zhashx_t *stores = zhashx_new ();
    zpoller_t *poller = stores ? zpoller_new (pipe, args->handler, NULL) : NULL;
    zsock_signal (pipe, 0);
    if (!poller)
        goto done;
    if (stores)
        zhashx_set_destructor (stores, (zhashx_destructor_fn *) zcertstore_destroy);
    //  Ctrl-C belongs to the service: only $TERM from the owner stops the handler.
    zpoller_set_nonstop (poller, true);
    uint64_t denied = 0;
    while (true) {
        void *which = zpoller_wait (poller, -1);
        if (which == pipe) {
            char *command = zstr_recv (pipe);
            bool term = !command || streq (command, "$TERM");
            zstr_free (&command);
            if (term)
                break;
        }
        else
        if (which == args->handler)
            s_handle (args->handler, stores, args->dir, &denied);
        else
        if (zpoller_terminated (poller))
            break;
    }
done:
    zpoller_destroy (&poller);
    zhashx_destroy (&stores);
    //  zmq_close frees an inproc name only later, in libzmq's reaper; unbinding frees it
    //  now, so that the next handler (zactor_destroy waits for us) can bind it at once.
    if (zsock_unbind (args->handler, S_ZAP_ENDPOINT) != 0)
        zsys_error ("curve: cannot unbind the ZAP handler");
    zsock_destroy (&args->handler);
    free (args);
}

int
rt_curve_zap_acquire (const char *dir)
{
    assert (dir);
    if (s_actor) {
        if (!streq (dir, s_dir))
            return RT_EINVAL;       //  one certificate directory per process
        s_refs++;
        return 0;
    }
    if (strlen (dir) >= sizeof (s_dir))
        return RT_EINVAL;
    s_args_t *args = (s_args_t *) calloc (1, sizeof (*args));
    if (!args)
        return RT_ENOMEM;
    memcpy (args->dir, dir, strlen (dir) + 1);
    args->handler = zsock_new (ZMQ_REP);
    int rc = args->handler ? zsock_bind (args->handler, S_ZAP_ENDPOINT) : -1;
    if (rc != 0) {
        //  Another ZAP handler (a zauth actor) already owns the endpoint.
        zsock_destroy (&args->handler);
        free (args);
        return RT_EIO;
    }
    //  From here the actor owns args, also when zactor_new fails after starting it.
    s_actor = zactor_new (s_actor_fn, args);
    if (!s_actor)
        return RT_EIO;
    memcpy (s_dir, dir, strlen (dir) + 1);
    s_refs = 1;
    return 0;
}

void
rt_curve_zap_release (void)
{
    assert (s_refs > 0);
    if (--s_refs == 0)
        zactor_destroy (&s_actor);
}
