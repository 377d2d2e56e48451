/*  rt_error.c - explanations for the project's error codes. */
#include "rt_error.h"

const char *
rt_strerror (int rc)
{
    switch (rc) {
        case RT_OK:       return "success";
        case RT_EINVAL:   return "invalid argument or malformed input";
        case RT_ETRUNC:   return "input truncated";
        case RT_ETYPE:    return "value of the wrong type";
        case RT_ERANGE:   return "value out of range or string too long";
        case RT_ENOMEM:   return "out of memory";
        case RT_EIO:      return "I/O or system call failed";
        case RT_EMISSING: return "required field missing";
        case RT_EVERSION: return "unsupported version";
        case RT_EUNKNOWN: return "unknown message type or id";
        case RT_ETIMEOUT: return "timed out";
        case RT_EAGAIN:   return "try again later";
        case RT_ECLOSED:  return "peer closed";
        case RT_EAUTH:    return "not authorised";
        default:          return "unknown error";
    }
}
