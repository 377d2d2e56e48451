/*  pub_web.h - the publisher's HTTP + WebSocket server (libwebsockets), driven from a zloop.

    Serves the static page from a directory ("/" -> index.html), the dynamic paths the
    owner renders (/healthz, /metrics), and WebSocket clients on /ws (subprotocol
    "rt-dash", or none). lws runs without its own wait: pub_web_service does one
    non-blocking lws_service pass, called from a zloop timer every few ms, so the bus loop
    never blocks on the web side and the process stays single-threaded.

    Every client gets the owner's snapshot when it connects, then each broadcast event. An
    event is serialised once and shared by every client's queue (reference counted). A
    client's queue holds at most queue_max messages: when a slow browser fills it, its queue
    is dropped and it is sent a fresh snapshot when it can take one (counted as a resync), so
    memory stays bounded and the bus never waits for a browser.

    Browsers may send JSON commands (text, at most 4 KiB); each goes to the owner's command
    hook with the client's id, and pub_web_send answers that client only. A WebSocket whose
    Origin names another host than the request's Host is refused (a page on another site
    must not drive this one).
*/
#ifndef PUB_WEB_H_INCLUDED
#define PUB_WEB_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#define PUB_WEB_CMD_MAX 4096

typedef struct _pub_web_t pub_web_t;

typedef struct {
    //  A new reference: the snapshot a connecting (or resynchronising) client is sent.
    json_t *(*snapshot) (void *arg);
    //  A command from a client (borrowed object).
    void (*command) (pub_web_t *web, uint64_t client, const json_t *cmd, void *arg);
    //  A dynamic path: 0 and a malloc'd body (caller frees), its length and MIME type;
    //  or -1 when the path is not one of the owner's (the static files answer).
    int (*render) (const char *path, char **body, size_t *len, const char **mime, void *arg);
    void *arg;
} pub_web_hooks_t;

typedef struct {
    const char *host;               //  interface to listen on ("127.0.0.1")
    int port;                       //  0: the kernel picks (pub_web_port tells)
    const char *web_dir;            //  the static files
    size_t queue_max;               //  per-client queue bound (messages)
    size_t clients_max;             //  WebSocket clients at once
} pub_web_opts_t;

//  NULL when the server cannot start (logged: port in use, bad directory...).
pub_web_t *pub_web_new (const pub_web_opts_t *opts, const pub_web_hooks_t *hooks);
void pub_web_destroy (pub_web_t **self_p);

//  The port the server listens on.
int pub_web_port (const pub_web_t *self);
//  One non-blocking pass over the server's sockets and timers.
void pub_web_service (pub_web_t *self);

//  Queues event for every client. 0, or RT_ENOMEM.
int pub_web_broadcast (pub_web_t *self, const json_t *event);
//  Queues event for one client. 0, RT_ECLOSED (gone) or RT_ENOMEM.
int pub_web_send (pub_web_t *self, uint64_t client, const json_t *event);

size_t pub_web_clients (const pub_web_t *self);
uint64_t pub_web_sent (const pub_web_t *self);
uint64_t pub_web_resyncs (const pub_web_t *self);

#endif
