/*  rt_curve_zap.h - internal: the process's ZAP handler, one actor, reference counted.

    Answers ZAP requests (RFC 27) on inproc://zeromq.zap.01: a CURVE client key is allowed
    when its public cert is in <dir>/allowed/<zap domain>/. Everything else is denied.
*/
#ifndef RT_CURVE_ZAP_H_INCLUDED
#define RT_CURVE_ZAP_H_INCLUDED

#include "rt_error.h"

//  Starts the handler on first use; later calls must name the same dir. 0, RT_EINVAL, RT_EIO.
int rt_curve_zap_acquire (const char *dir);

//  Stops the handler when the last holder releases it.
void rt_curve_zap_release (void);

#endif
