#!/usr/bin/env bash
# bench/proxy/full-path.sh - the real proxy server path (tool-host session validated, owner authorised, route looked
# up in RouteCache, forwarded) on every request, measured against direct, nginx and configurable-http-proxy in one
# interleaved run of the shared peer harness (../shared/bench/peers/run-peers.sh), servers pinned to one core.
#
#   bench/proxy/full-path.sh                      # http + ws, DUR=5 REPS=3 (about 7 minutes)
#   DUR=10 REPS=5 bench/proxy/full-path.sh http
#   JAVA_CLIENT=vertx bench/proxy/full-path.sh    # the Vert.x HttpClient engine instead of our own upstream client
#   CHURN_WARMUP=0 bench/proxy/full-path.sh       # without the connection-churn warm-up (see churn-warmup.sh)
#
# The candidate is io.dataworkspace.proxy.bench.FullPathBenchServer (test scope of the proxy module): ProxyServer on
# an embedded PostgreSQL with a signed-in user and two RUNNING instances pointing at the harness's backends. The
# harness cannot add headers, so this script puts shims for wrk, curl and node first on PATH (bench/proxy/shim/):
# they add the tool host's Host and session Cookie only to requests aimed at the candidate's port.
# Results: $PEER_BENCH_WORK/results/<stamp>/summary.md
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
HARNESS=$(cd "$ROOT/../shared/bench/peers" && pwd)/run-peers.sh
export PEER_BENCH_WORK=${PEER_BENCH_WORK:-/tmp/peer-bench-proxy}
export DUR=${DUR:-5} REPS=${REPS:-3} WS_DUR=${WS_DUR:-4}
PORT=${PORT:-8090}
HEAP=${HEAP:-512m}

[ -x "$HARNESS" ] || { echo "peer harness not found at $HARNESS" >&2; exit 2; }
for c in wrk curl node java mvn; do command -v $c >/dev/null || { echo "full-path.sh needs '$c' on PATH" >&2; exit 2; }; done
mkdir -p "$PEER_BENCH_WORK"
. "$HERE/classes.sh"
CP=$(proxy_classpath "$PEER_BENCH_WORK/full-path-classes") || exit 1

export FULL_PATH_PORT=$PORT
export FULL_PATH_INFO=$PEER_BENCH_WORK/full-path.info
rm -f "$FULL_PATH_INFO"
export PATH="$HERE/shim:$PATH"

JAVA_OPTS=${JAVA_OPTS:-"-Xms$HEAP -Xmx$HEAP -XX:+UseParallelGC -XX:+AlwaysPreTouch -Dvertx.disableMetrics=true \
-Dio.netty.leakDetection.level=disabled -Dlogback.configurationFile=$HERE/logback-bench.xml"}
[ -n "${JAVA_CLIENT:-}" ] && JAVA_OPTS="$JAVA_OPTS -Ddataworkspace.forward.client=$JAVA_CLIENT"

export EXTRA_NAME=${EXTRA_NAME:-ours}
export EXTRA_PORT=$PORT
# CHURN_WARMUP seconds of connection churn (churn-warmup.sh) start in the background as the candidate starts; they run
# while the harness warms the peers and end before any measurement (0 = only the harness's own warm-up)
CHURN_WARMUP=${CHURN_WARMUP:-25}
CHURN=""
[ "$CHURN_WARMUP" -gt 0 ] && CHURN="$HERE/churn-warmup.sh $PORT $CHURN_WARMUP & "
export EXTRA_CMD="${CHURN}exec java $JAVA_OPTS -cp $CP io.dataworkspace.proxy.bench.FullPathBenchServer $PORT 9001 9002 $FULL_PATH_INFO"
export EXTRA_WARMUP=${EXTRA_WARMUP:-15}
if [ $# -eq 0 ]; then set -- http ws; fi
exec "$HARNESS" "$@"
