# One image for every robo-trader process (compose.yaml runs it once per service).
#
#   build:   debian:12 with the build packages of scripts/packages.txt (not the test-only
#            ones: clang, node, chromium, docker-compose), the programs built RelWithDebInfo
#            without the test suite.
#   runtime: debian:12-slim with only the shared libraries they load, the programs in
#            /opt/robo-trader/bin (on PATH), the dashboard page in
#            /opt/robo-trader/share/robo-trader/web, a non-root user `rt`, and /data
#            (RT_DATA_DIR) and /keys (RT_CURVE_DIR) owned by it, so that named volumes
#            mounted there start with the right owner.
FROM debian:12 AS build
COPY scripts/packages.txt /tmp/packages.txt
RUN set -eu; \
    pkgs=$(sed 's/#.*//' /tmp/packages.txt | tr -s ' \t' '\n' \
           | grep -vxE 'clang|libclang-rt-dev|nodejs|npm|chromium|docker-compose|' || true); \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $pkgs; \
    rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRT_TESTS=OFF \
 && cmake --build /build -j"$(nproc)" \
 && mkdir -p /build/share

FROM debian:12-slim AS runtime
RUN set -eu; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libczmq4 libzmq5 libmsgpackc2 libjansson4 libsodium23 libsqlite3-0 libwebsockets17; \
    rm -rf /var/lib/apt/lists/*; \
    useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin rt; \
    mkdir -p /data /keys; \
    chown rt:rt /data /keys
COPY --from=build /build/bin/ /opt/robo-trader/bin/
COPY --from=build /build/share/ /opt/robo-trader/share/
ENV PATH=/opt/robo-trader/bin:$PATH \
    RT_DATA_DIR=/data
USER rt
WORKDIR /data
# No ENTRYPOINT: each compose service names its program.
CMD ["rt-ctl", "--help"]
