#!/usr/bin/env bash
# bench/proxy/run.sh - measure the forwarding engine against direct, nginx and configurable-http-proxy in one
# interleaved run of the shared peer harness (../shared/bench/peers/run-peers.sh), servers pinned to one core.
#
#   bench/proxy/run.sh                  # http + ws, DUR=5 REPS=3 (about 6 minutes)
#   DUR=10 REPS=5 bench/proxy/run.sh http
#
# The candidate is io.dataworkspace.proxy.forward.ForwardBenchServer (test scope of the proxy module): the engine
# behind a two-line router, one event loop, epoll. Results: $PEER_BENCH_WORK/results/<stamp>/summary.md
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
HARNESS=$(cd "$ROOT/../shared/bench/peers" && pwd)/run-peers.sh
export PEER_BENCH_WORK=${PEER_BENCH_WORK:-/tmp/peer-bench-proxy}
export DUR=${DUR:-5} REPS=${REPS:-3} WS_DUR=${WS_DUR:-4}
PORT=${PORT:-8090}
HEAP=${HEAP:-512m}

[ -x "$HARNESS" ] || { echo "peer harness not found at $HARNESS" >&2; exit 2; }
mkdir -p "$PEER_BENCH_WORK"
. "$HERE/classes.sh"
CP=$(proxy_classpath "$PEER_BENCH_WORK/forward-bench-classes") || exit 1

JAVA_OPTS=${JAVA_OPTS:-"-Xms$HEAP -Xmx$HEAP -XX:+UseParallelGC -XX:+AlwaysPreTouch -Dvertx.disableMetrics=true \
-Dio.netty.leakDetection.level=disabled -Dlogback.configurationFile=$HERE/logback-bench.xml"}

export EXTRA_NAME=${EXTRA_NAME:-forward}
export EXTRA_PORT=$PORT
export EXTRA_CMD="java $JAVA_OPTS -cp $CP io.dataworkspace.proxy.forward.ForwardBenchServer $PORT 9001 9002"
export EXTRA_WARMUP=${EXTRA_WARMUP:-15}
if [ $# -eq 0 ]; then set -- http ws; fi
exec "$HARNESS" "$@"
