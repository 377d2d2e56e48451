#!/usr/bin/env bash
# compose.yaml as docker-compose reads it: valid with and without the ibkr profile, the
# expected services, the ibkr variables reaching the gateway. No Docker engine is needed
# (`config` only parses and interpolates). Exit 77 (ctest: skipped) without docker-compose.
set -euo pipefail
root=${RT_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"
if ! command -v docker-compose >/dev/null 2>&1; then
    echo "compose config: skipped: docker-compose is not installed (scripts/bootstrap installs it)"
    exit 77
fi
fail() { echo "compose config: FAILED: $*"; echo "compose config: 0 passed, 1 failed"; exit 1; }
dc() { docker-compose --project-directory "$root" -f compose.yaml "$@"; }

dc config -q || fail "docker-compose config refused compose.yaml"
dc --profile ibkr config -q || fail "docker-compose config refused the ibkr profile"
want="gateway ib-gateway keys orders publisher risk strategy tws-sim"
got=$(dc --profile ibkr config --services | sort | tr '\n' ' ' | sed 's/ $//')
[[ $got == "$want" ]] || fail "services: got '$got', want '$want'"
out=$(TWS_HOST=ib-gateway TWS_PORT=4004 dc --profile ibkr config)
grep -q "TWS_HOST: ib-gateway" <<<"$out" || fail "TWS_HOST does not reach the gateway"
grep -q "TWS_PORT: '4004'" <<<"$out" || fail "TWS_PORT does not reach the gateway"
grep -q "TWS_PASSWORD_FILE: /run/secrets/tws_password" <<<"$out" || fail "no password secret"
# Every bus bind on 0.0.0.0 comes with RT_CURVE_DIR (lib/rt_curve refuses it otherwise).
plain=$(dc config | awk '/^  [a-z-]+:$/ {svc=$1} /tcp:\/\/0\.0\.0\.0/ {b[svc]=1}
                         /RT_CURVE_DIR:/ {c[svc]=1} END {for (s in b) if (!c[s]) print s}')
[[ -z $plain ]] || fail "0.0.0.0 binds without RT_CURVE_DIR in: $plain"
echo "compose config: 1 passed, 0 failed"
