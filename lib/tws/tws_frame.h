/*  tws_frame.h - TWS API framing: the client hello, the server's version reply, and the
    length-prefixed frames that carry every later message in both directions.

    Wire (tws-api-protocol.md section 1):
        client hello   "API\0" + u32be len + "v<min>..<max>"[" <options>"]   (no NUL)
        every message  u32be len + payload (NUL-terminated ASCII fields), len <= 0xFFFFFF
        server reply   an ordinary frame with two fields: version, connection time

    Nothing here allocates; the splitter returns pointers into the caller's receive buffer.
*/
#ifndef TWS_FRAME_H_INCLUDED
#define TWS_FRAME_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

#include "tws_field.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TWS_MAX_PAYLOAD      0xFFFFFF     //  the official client's cap (error 507 above it)
#define TWS_HEADER_LEN       4
#define TWS_HELLO_PREFIX     "API"        //  followed by one NUL: 4 raw bytes
#define TWS_HELLO_PREFIX_LEN 4
#define TWS_HELLO_MAX_TEXT   256          //  longest hello text we accept
#define TWS_CLIENT_MIN_VERSION 100
#define TWS_CLIENT_MAX_VERSION 200        //  text-only protocol; above 200 ids go binary

typedef struct {
    int min_version;
    int max_version;
    char options[128];                    //  text after the first space, e.g. "+PACEAPI"
} tws_hello_t;

//  Client hello into buf. options may be NULL or "". When min == max the official C++
//  client sends "v<N>"; we do the same. RT_ERANGE if cap is too small or versions are bad.
int tws_hello_encode (void *buf, size_t cap, int min_version, int max_version,
                      const char *options, size_t *out_len);

//  Server side, incremental: parse a hello at the start of buf. Returns 0 with *consumed set,
//  RT_EAGAIN while more bytes are needed, RT_EINVAL if the bytes are not a hello (wrong
//  prefix, bad version text), RT_ERANGE if the announced length exceeds TWS_HELLO_MAX_TEXT.
int tws_hello_parse (const void *buf, size_t len, tws_hello_t *hello, size_t *consumed);

//  Splitter: find one complete frame at the start of buf. On 0, *payload/*payload_len is the
//  payload inside buf and *consumed the bytes to drop (prefix + payload). RT_EAGAIN while the
//  frame is incomplete; RT_ERANGE when the length prefix is above TWS_MAX_PAYLOAD (the stream
//  cannot be resynchronised: drop the connection). A zero-length frame is returned as such.
int tws_frame_split (const void *buf, size_t len,
                     const uint8_t **payload, size_t *payload_len, size_t *consumed);

//  Frame writer: a complete frame from an already-built payload (prefix + copy).
int tws_frame_write (void *buf, size_t cap, const void *payload, size_t payload_len,
                     size_t *out_len);

//  Server's version reply: "<version>\0<time>\0" as one frame.
typedef struct {
    int server_version;
    char conn_time[64];                   //  "yyyymmdd hh:mm:ss <zone>", zone free-form
} tws_server_hello_t;

int tws_server_hello_encode (tws_writer_t *w, const tws_server_hello_t *m);
//  Decodes a whole payload; RT_EINVAL unless it has exactly two fields and a positive
//  version (the official client keeps reading until it sees a two-field message).
int tws_server_hello_decode (tws_reader_t *r, tws_server_hello_t *m);

#ifdef __cplusplus
}
#endif

#endif
