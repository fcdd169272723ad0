#!/usr/bin/env bash
# Idle WebSockets through the forwarding engine within a fixed heap: opens COUNT WebSockets through the proxy to an
# echo server, checks each still echoes, and reads the proxy's live heap after a full GC. Bounded: ~2 minutes.
#   COUNT=9500 HEAP=512m bench/proxy/idle-websockets.sh
#   NETWORK_TRANSPORT=epoll bench/proxy/idle-websockets.sh     # the proxy on another transport (default: auto)
# Each tunnelled WebSocket holds two file descriptors in the proxy; with the usual 20,000 descriptor limit per
# process, 9,500 is the most one proxy process can hold here.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
COUNT=${COUNT:-9500}; HEAP=${HEAP:-512m}; PORT=${PORT:-8091}; ECHO_PORT=${ECHO_PORT:-9102}
WORK=${WORK:-/tmp/idle-websockets}; mkdir -p "$WORK"
. "$HERE/classes.sh"
CP=$(proxy_classpath "$WORK/classes") || exit 1
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
java -Xmx256m -cp "$CP" io.dataworkspace.proxy.bench.WebSocketEchoServer "$ECHO_PORT" >"$WORK/echo.log" 2>&1 &
pids+=($!)
java -Xms"$HEAP" -Xmx"$HEAP" -Dlogback.configurationFile="$HERE/logback-bench.xml" -cp "$CP" \
  io.dataworkspace.proxy.forward.ForwardBenchServer "$PORT" 9001 "$ECHO_PORT" >"$WORK/proxy.log" 2>&1 &
proxy=$!; pids+=($proxy)
for i in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.2; done
timeout 300 java -Xmx1g -cp "$CP" io.dataworkspace.proxy.bench.IdleWebSockets "$PORT" /user/alice/ws "$COUNT" 30 \
  >"$WORK/client.log" 2>&1 &
client=$!; pids+=($client)
for i in $(seq 600); do grep -q "^echoed" "$WORK/client.log" 2>/dev/null && break; sleep 0.5; done
cat "$WORK/client.log"
jcmd "$proxy" GC.run >/dev/null
echo "proxy file descriptors: $(ls /proc/$proxy/fd | wc -l)"
echo "proxy heap after full GC (heap limit $HEAP):"
jcmd "$proxy" GC.heap_info | grep -iE "total|used" | head -4
echo "proxy RSS: $(awk '/VmRSS/ {print $2, $3}' /proc/$proxy/status)"
wait "$client"
