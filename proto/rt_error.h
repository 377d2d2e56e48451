/*  rt_error.h - the project's error codes.

    Every function that can fail returns 0 on success or one of these negative codes, so a
    caller can both test (`rc < 0`) and explain (`rt_strerror (rc)`) a failure.
*/
#ifndef RT_ERROR_H_INCLUDED
#define RT_ERROR_H_INCLUDED

typedef enum {
    RT_OK        =  0,
    RT_EINVAL    = -1,   //  bad argument or malformed input
    RT_ETRUNC    = -2,   //  input ends before the structure does
    RT_ETYPE     = -3,   //  a value of the wrong msgpack type or TWS field form
    RT_ERANGE    = -4,   //  a value outside the accepted range, or a string too long
    RT_ENOMEM    = -5,   //  allocation failed
    RT_EIO       = -6,   //  a zmq or system call failed (errno says more)
    RT_EMISSING  = -7,   //  a required field is absent
    RT_EVERSION  = -8,   //  unsupported schema or protocol version
    RT_EUNKNOWN  = -9,   //  unknown message type or id
    RT_ETIMEOUT  = -10,  //  a deadline passed
    RT_EAGAIN    = -11,  //  nothing to do now, try later (not an error of the input)
    RT_ECLOSED   = -12,  //  the peer closed
    RT_EAUTH     = -13,  //  the peer is not allowed
} rt_error_t;

//  A short English sentence for an error code; never NULL.
const char *rt_strerror (int rc);

#endif
