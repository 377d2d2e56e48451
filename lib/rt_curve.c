/*  rt_curve.c - CURVE certificates for bus sockets; see rt_curve.h for the layout. */
#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "rt_curve.h"
#include "rt_curve_zap.h"
#include "rt_log.h"

//  zcert_load of a public-only file leaves the secret key zeroed, printed as 40 zeros.
#define S_ZERO_KEY_TXT "0000000000000000000000000000000000000000"

const char *
rt_curve_dir (void)
{
    const char *dir = getenv (RT_CURVE_DIR_ENV);
    return dir && *dir ? dir : NULL;
}

bool
rt_curve_name_ok (const char *name)
{
    if (!name || !*name || *name == '.')
        return false;
    size_t len = strlen (name);
    if (len >= RT_CURVE_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name [i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
           || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

static bool
s_local_tcp_host (const char *host, size_t len)
{
    char buf [64];
    if (len == 0 || len >= sizeof (buf))
        return false;
    memcpy (buf, host, len);
    buf [len] = 0;
    if (streq (buf, "localhost") || streq (buf, "[::1]"))
        return true;
    struct in_addr addr;
    if (inet_pton (AF_INET, buf, &addr) == 1)
        return (ntohl (addr.s_addr) >> 24) == 127;
    return false;
}

int
rt_curve_bind_check (const char *endpoint)
{
    assert (endpoint);
    if (rt_curve_dir ())
        return 0;
    if (strncmp (endpoint, "ipc://", 6) == 0 || strncmp (endpoint, "inproc://", 9) == 0)
        return 0;
    if (strncmp (endpoint, "tcp://", 6) == 0) {
        const char *host = endpoint + 6;
        const char *colon = strrchr (host, ':');
        if (colon && !strchr (host, ';') && s_local_tcp_host (host, (size_t) (colon - host)))
            return 0;
    }
    rt_log_error ("bus: refusing to bind %s: without %s the bus binds only to loopback "
                  "(tcp://127.0.0.1, tcp://[::1], tcp://localhost, ipc://, inproc://); "
                  "set %s to a certificate directory to bind other addresses with CURVE",
                  endpoint, RT_CURVE_DIR_ENV, RT_CURVE_DIR_ENV);
    return RT_EINVAL;
}

//  The file of role's cert: role itself when it is a path, else <dir>/<role><ext>.
//  False when role is not a valid name or the path does not fit.
static bool
s_cert_path (const char *dir, const char *role, const char *ext, char *path, size_t cap)
{
    if (strchr (role, '/'))
        return snprintf (path, cap, "%s", role) < (int) cap;
    return rt_curve_name_ok (role) && snprintf (path, cap, "%s/%s%s", dir, role, ext) < (int) cap;
}

//  Loads role's secret cert (or the cert at role when it is a path). NULL when absent.
static zcert_t *
s_load_own (const char *dir, const char *role)
{
    char path [PATH_MAX];
    if (!s_cert_path (dir, role, ".key_secret", path, sizeof (path)))
        return NULL;
    zcert_t *cert = zcert_load (path);
    if (!cert) {
        rt_log_error ("curve: cannot load the secret cert %s", path);
        return NULL;
    }
    if (streq (zcert_secret_txt (cert), S_ZERO_KEY_TXT)) {
        rt_log_error ("curve: %s holds no secret key", path);
        zcert_destroy (&cert);
    }
    return cert;
}

static zcert_t *
s_load_public (const char *dir, const char *role)
{
    char path [PATH_MAX];
    if (!s_cert_path (dir, role, ".key", path, sizeof (path)))
        return NULL;
    zcert_t *cert = zcert_load (path);
    if (!cert)
        rt_log_error ("curve: cannot load the public cert %s", path);
    return cert;
}

static int
s_check_curve (void)
{
    if (zsys_has_curve ())
        return 0;
    rt_log_error ("curve: %s is set but this libzmq has no CURVE support", RT_CURVE_DIR_ENV);
    return RT_EINVAL;
}

int
rt_curve_server_apply (zsock_t *sock, const char *role, const char *socket_name,
                       bool *zap_held)
{
    assert (sock);
    assert (role);
    assert (socket_name);
    assert (zap_held);
    *zap_held = false;
    const char *dir = rt_curve_dir ();
    if (!dir)
        return 0;
    if (s_check_curve () != 0)
        return RT_EINVAL;
    if (!rt_curve_name_ok (socket_name)) {
        rt_log_error ("curve: bad socket name '%s'", socket_name);
        return RT_EINVAL;
    }
    zcert_t *cert = s_load_own (dir, role);
    if (!cert)
        return RT_EINVAL;
    //  The handler must be up before the bind: libzmq lets every CURVE client in when no
    //  ZAP handler is listening.
    int rc = rt_curve_zap_acquire (dir);
    if (rc == 0) {
        *zap_held = true;
        zcert_apply (cert, sock);
        zsock_set_curve_server (sock, 1);
        zsock_set_zap_domain (sock, socket_name);
    }
    zcert_destroy (&cert);
    return rc;
}

void
rt_curve_server_release (void)
{
    rt_curve_zap_release ();
}

int
rt_curve_client_apply (zsock_t *sock, const char *role, const char *server_role)
{
    assert (sock);
    assert (role);
    assert (server_role);
    const char *dir = rt_curve_dir ();
    if (!dir)
        return 0;
    if (s_check_curve () != 0)
        return RT_EINVAL;
    int rc = RT_EINVAL;
    zcert_t *server = NULL;
    zcert_t *own = s_load_own (dir, role);
    if (!own)
        goto done;
    server = s_load_public (dir, server_role);
    if (!server)
        goto done;
    zcert_apply (own, sock);
    zsock_set_curve_serverkey (sock, zcert_public_txt (server));
    rc = 0;
done:
    zcert_destroy (&own);
    zcert_destroy (&server);
    return rc;
}

int
rt_curve_keygen (const char *dir, const char *role)
{
    assert (dir);
    assert (role);
    char path [PATH_MAX];
    if (!rt_curve_name_ok (role)
    ||  snprintf (path, sizeof (path), "%s/%s.key", dir, role) >= (int) sizeof (path))
        return RT_EINVAL;
    if (zsys_dir_create ("%s", dir) != 0)
        return RT_EIO;
    zcert_t *cert = zcert_new ();
    if (!cert)
        return RT_ENOMEM;
    zcert_set_meta (cert, "role", "%s", role);
    int rc = zcert_save (cert, path) == 0 ? 0 : RT_EIO;
    zcert_destroy (&cert);
    return rc;
}

int
rt_curve_allow (const char *dir, const char *socket_name, const char *role)
{
    assert (dir);
    assert (socket_name);
    assert (role);
    char path [PATH_MAX];
    if (!rt_curve_name_ok (socket_name) || !rt_curve_name_ok (role)
    ||  snprintf (path, sizeof (path), "%s/allowed/%s/%s.key", dir, socket_name, role)
        >= (int) sizeof (path))
        return RT_EINVAL;
    zcert_t *cert = s_load_public (dir, role);
    if (!cert)
        return RT_EINVAL;
    int rc = RT_EIO;
    if (zsys_dir_create ("%s/allowed/%s", dir, socket_name) == 0
    &&  zcert_save_public (cert, path) == 0)
        rc = 0;
    zcert_destroy (&cert);
    return rc;
}
