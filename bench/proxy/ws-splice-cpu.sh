#!/usr/bin/env bash
# bench/proxy/ws-splice-cpu.sh - proxy CPU per WebSocket round trip: the current tunnel ("new") against the tunnel of
# an earlier commit ("old", by default the Vert.x NetSocket pumps of fe81c1f), alternating, so that both see the same
# neighbours. Throughput cannot separate them on this shared 2-core machine; CPU time per round trip of the proxy
# process alone (from /proc/<pid>/stat, backend and client excluded) can.
#
#   bench/proxy/ws-splice-cpu.sh                          # ROUNDS=3 DUR=5, sizes 64 and 16384, 50 connections
#   ROUNDS=4 CONNS=1 SIZES=64 bench/proxy/ws-splice-cpu.sh
#   BASE_REV=<commit> bench/proxy/ws-splice-cpu.sh        # "old" = WebSocketTunnel and FrameCounter of that commit
#
# Both candidates are io.dataworkspace.proxy.forward.ForwardBenchServer (one event loop, epoll) on private ports
# (18190 new, 18191 old) in front of the peer harness's node 'ws' echo server (19102), all pinned to CPU 1 at nice -10
# like the harness, ws-bench.js on CPU 0. About 2 + ROUNDS x sizes x 2 x (DUR + 2) s plus the build.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PEERS=$(cd "$ROOT/../shared/bench/peers" && pwd)
WORK=${WORK:-/tmp/ws-splice-cpu}
BASE_REV=${BASE_REV:-fe81c1f}
ROUNDS=${ROUNDS:-3}; DUR=${DUR:-5}; CONNS=${CONNS:-50}; SIZES=${SIZES:-"64 16384"}; WARM=${WARM:-20}
NODE_MODULES=${NODE_MODULES:-/tmp/peer-bench-proxy/node_modules}
P_NEW=18190; P_OLD=18191; P_ECHO=19102
for c in java javac node taskset mvn git; do command -v $c >/dev/null || { echo "ws-splice-cpu.sh needs '$c'" >&2; exit 2; }; done
[ -d "$NODE_MODULES/ws" ] || { echo "no 'ws' node module in $NODE_MODULES (run the peer harness once, or set NODE_MODULES)" >&2; exit 2; }
export NODE_PATH=$NODE_MODULES
mkdir -p "$WORK"

. "$HERE/classes.sh"
proxy_classpath "$WORK/snap" >/dev/null || exit 1   # private copies: other builds during the run change nothing
rm -rf "$WORK/new" "$WORK/old" "$WORK/src" "$WORK/test-classes" && mkdir -p "$WORK/old" "$WORK/src"
cp -r "$WORK/snap/classes" "$WORK/new"
cp -r "$WORK/snap/test-classes" "$WORK/test-classes"
DEPS=$(cat "$WORK/snap/classpath")
PKG=proxy/src/main/java/io/dataworkspace/proxy/forward/internal
for f in WebSocketTunnel FrameCounter; do
  (cd "$ROOT" && git show "$BASE_REV:$PKG/$f.java") >"$WORK/src/$f.java" \
    || { echo "cannot read $f.java at $BASE_REV" >&2; exit 1; }
done
# "old" = the new classes with the two old sources compiled over them
cp -r "$WORK/new/." "$WORK/old/"
rm -f "$WORK/old/io/dataworkspace/proxy/forward/internal/"{WebSocketTunnel,Splice}*.class
javac -nowarn -d "$WORK/old" -cp "$WORK/old:$DEPS" "$WORK/src/"*.java

JAVA_OPTS="-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch -Dvertx.disableMetrics=true \
-Dio.netty.leakDetection.level=disabled -Dlogback.configurationFile=$HERE/logback-bench.xml"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
taskset -c 1 nice -n -10 node "$PEERS/ws-echo-server.js" 127.0.0.1 $P_ECHO >"$WORK/echo.log" 2>&1 & pids+=($!)
declare -A PID
for v in new old; do
  port=$P_NEW; [ $v = old ] && port=$P_OLD
  # shellcheck disable=SC2086
  taskset -c 1 nice -n -10 java $JAVA_OPTS -cp "$WORK/test-classes:$WORK/$v:$DEPS" \
    io.dataworkspace.proxy.forward.ForwardBenchServer $port 9 $P_ECHO >"$WORK/$v.log" 2>&1 &
  PID[$v]=$!; pids+=($!)
done
for port in $P_NEW $P_OLD $P_ECHO; do
  for i in $(seq 150); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
done
. "$HERE/../lib/proc-cpu.sh"
CLK=$(getconf CLK_TCK)
bench() { timeout $((DUR + 25)) taskset -c 0 node "$PEERS/ws-bench.js" "ws://127.0.0.1:$1/user/alice/ws" "$2" "$3" "$4"; }
echo "warming up both JVMs (${WARM} s each)" >&2
for port in $P_NEW $P_OLD; do bench $port 10 "$WARM" 64 >/dev/null; done

printf '| round | size | conns | candidate | round trips/s | proxy CPU %% of a core | proxy CPU µs per round trip | load avg |\n'
printf '|---:|---:|---:|---|---:|---:|---:|---:|\n'
for r in $(seq "$ROUNDS"); do for size in $SIZES; do
  order="new old"; [ $((r % 2)) -eq 0 ] && order="old new"
  for v in $order; do
    port=$P_NEW; [ $v = old ] && port=$P_OLD
    t0=$(proc_cpu_total "${PID[$v]}"); s0=$(date +%s.%N)
    out=$(bench $port "$CONNS" "$DUR" "$size" | grep WSRESULT)
    t1=$(proc_cpu_total "${PID[$v]}"); s1=$(date +%s.%N)
    msgs=$(sed -n 's/.* msgs=\([0-9]*\).*/\1/p' <<<"$out"); rps=$(sed -n 's/.*msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$out")
    awk -v r="$r" -v s="$size" -v c="$CONNS" -v v="$v" -v rps="$rps" -v m="$msgs" -v dt=$((t1 - t0)) -v clk="$CLK" \
      -v w0="$s0" -v w1="$s1" -v la="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN { cpu = dt / clk; printf "| %d | %d | %d | %s | %.0f | %.0f | %.1f | %s |\n", r, s, c, v, rps, 100 * cpu / (w1 - w0), (m > 0 ? cpu / m * 1e6 : 0), la }'
  done
done; done
