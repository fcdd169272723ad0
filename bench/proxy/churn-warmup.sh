#!/usr/bin/env bash
# bench/proxy/churn-warmup.sh PORT SECONDS - warms a proxy the way the harness's repetitions load it: rounds of 1 s
# with 50 fresh wrk connections (1 KiB, every fourth round also 1 MiB) and a few WebSocket echoes, each round
# closing its connections. A warm-up on one set of connections (the harness's own) leaves the connection open and
# close paths out of the JIT's profile; the first measured repetitions then deoptimise hot transport methods and C2
# recompiles them on the pinned core (measured: up to 2 s of C2 in a 10 s window; after this warm-up, 10-80 ms).
# full-path.sh starts it in the background beside the candidate; it waits for the port, then runs for SECONDS.
# Uses the wrk and node on PATH (full-path.sh puts its shims first: they add the tool host and session cookie).
set -uo pipefail
PORT=$1; SECONDS_TOTAL=${2:-25}; CLI_CPU=${CLI_CPU:-0}
WS_BENCH=${WS_BENCH:-$(cd "$(dirname "$0")/../../../shared/bench/peers" 2>/dev/null && pwd)/ws-bench.js}
for i in $(seq 600); do (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done
end=$(( $(date +%s) + SECONDS_TOTAL )); round=0
while [ "$(date +%s)" -lt "$end" ]; do
  round=$((round + 1))
  taskset -c "$CLI_CPU" timeout 10 wrk -t1 -c50 -d1s "http://127.0.0.1:$PORT/user/alice/1k" >/dev/null 2>&1
  if [ $((round % 4)) = 0 ]; then
    taskset -c "$CLI_CPU" timeout 10 wrk -t1 -c50 -d1s "http://127.0.0.1:$PORT/user/alice/1m" >/dev/null 2>&1
    [ -f "$WS_BENCH" ] && taskset -c "$CLI_CPU" timeout 10 node "$WS_BENCH" "ws://127.0.0.1:$PORT/user/alice/ws" 10 1 64 \
      >/dev/null 2>&1
  fi
done
echo "churn warm-up of port $PORT: $round rounds in ${SECONDS_TOTAL}s" >&2
