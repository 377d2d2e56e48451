/*  libFuzzer: the frame splitter and the hello parser on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tws_frame.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    tws_hello_t hello;
    size_t used;
    if (tws_hello_parse (data, size, &hello, &used) == 0) {
        if (used > size || hello.min_version <= 0 || hello.max_version < hello.min_version)
            __builtin_trap ();
        data += used;
        size -= used;
    }
    //  Split the rest as a stream, as the gateway does, and read every field of each frame.
    while (size) {
        const uint8_t *payload;
        size_t plen;
        if (tws_frame_split (data, size, &payload, &plen, &used) != 0)
            break;
        if (used > size || payload + plen > data + size)
            __builtin_trap ();
        tws_reader_t r;
        tws_reader_init (&r, payload, plen);
        const char *s;
        size_t len;
        while (tws_read_field (&r, &s, &len) == 0)
            if (s [len] != 0)
                __builtin_trap ();
        tws_server_hello_t sh;
        tws_reader_init (&r, payload, plen);
        tws_server_hello_decode (&r, &sh);
        data += used;
        size -= used;
    }
    return 0;
}
