#!/usr/bin/env bash
# bench/proxy/ws-transport-cpu.sh - proxy CPU per WebSocket round trip on io_uring against epoll: two
# ForwardBenchServers of the current build (NETWORK_TRANSPORT=io_uring on 18190, epoll on 18191) in front of the peer
# harness's node echo server (19102), all pinned to CPU 1, ws-bench.js on CPU 0, alternating per cell so both see the
# same neighbours. CPU time of each proxy process per round trip (from /proc/<pid>/stat) is the figure: throughput
# cannot separate two transports on this shared machine.
#
#   bench/proxy/ws-transport-cpu.sh                 # ROUNDS=3 DUR=5, sizes 64 and 16384, 1 and 50 connections
#   ROUNDS=5 SIZES=16384 CONNS="50" bench/proxy/ws-transport-cpu.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PEERS=$(cd "$ROOT/../shared/bench/peers" && pwd)
WORK=${WORK:-/tmp/ws-transport-cpu}
ROUNDS=${ROUNDS:-3}; DUR=${DUR:-5}; CONNS=${CONNS:-"1 50"}; SIZES=${SIZES:-"64 16384"}
NODE_MODULES=${NODE_MODULES:-/tmp/peer-bench-proxy/node_modules}
for c in java node taskset mvn; do command -v $c >/dev/null || { echo "ws-transport-cpu.sh needs '$c'" >&2; exit 2; }; done
[ -d "$NODE_MODULES/ws" ] || { echo "no 'ws' node module in $NODE_MODULES (run the peer harness once, or set NODE_MODULES)" >&2; exit 2; }
export NODE_PATH=$NODE_MODULES
mkdir -p "$WORK"
. "$HERE/classes.sh"
CP=$(proxy_classpath "$WORK/classes") || exit 1

PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
taskset -c 1 node "$PEERS/ws-echo-server.js" 127.0.0.1 19102 >"$WORK/echo.log" 2>&1 &
PIDS+=($!)
declare -A PORT=([io_uring]=18190 [epoll]=18191) PID
for t in io_uring epoll; do
  NETWORK_TRANSPORT=$t taskset -c 1 java -Xms256m -Xmx256m -XX:+UseParallelGC \
    -Dlogback.configurationFile="$HERE/logback-bench.xml" -cp "$CP" \
    io.dataworkspace.proxy.forward.ForwardBenchServer "${PORT[$t]}" 19101 19102 >"$WORK/$t.log" 2>&1 &
  PIDS+=($!); PID[$t]=$!
done
for p in 19102 18190 18191; do
  for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && break; sleep 0.2; done
done
. "$HERE/../lib/proc-cpu.sh"
bench() { taskset -c 0 timeout $(($2 + 30)) node "$PEERS/ws-bench.js" "ws://127.0.0.1:$1/user/alice/ws" "$3" "$2" "$4" 2>&1 | tail -1; }
for t in io_uring epoll; do bench "${PORT[$t]}" 8 10 64 >/dev/null; bench "${PORT[$t]}" 4 10 16384 >/dev/null; done  # warm-up
CLK=$(getconf CLK_TCK)
echo "date: $(date -Is) rounds=$ROUNDS dur=${DUR}s loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do for s in $SIZES; do for c in $CONNS; do for t in io_uring epoll; do
  a=$(proc_cpu_total "${PID[$t]}"); out=$(bench "${PORT[$t]}" "$DUR" "$c" "$s"); b=$(proc_cpu_total "${PID[$t]}")
  msgs=$(echo "$out" | grep -oE 'msgs=[0-9]+' | cut -d= -f2)
  awk -v t="$t" -v s="$s" -v c="$c" -v m="${msgs:-0}" -v d="$((b - a))" -v k="$CLK" -v dur="$DUR" \
    'BEGIN{printf "%-8s %5sB x %-2s %8.0f round trips/s  %7.1f us proxy CPU per round trip\n", t, s, c, m/dur, (m>0 ? d/k*1e6/m : 0)}'
done; done; done; done
