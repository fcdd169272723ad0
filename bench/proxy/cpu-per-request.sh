#!/usr/bin/env bash
# bench/proxy/cpu-per-request.sh - CPU time per proxied request (user + kernel, from /proc/<pid>/stat) of the
# full-path server with the fast path ("fast", production: NETWORK_TRANSPORT=auto, io_uring where the kernel allows
# it), the same on epoll ("fast-epoll"), without the fast path ("full": PROXY_FAST_PATH=false, every request through
# Vert.x's HTTP server and our upstream client; FULL_CLIENT=vertx for Vert.x's HttpClient engine), and of an nginx
# reverse proxy, on private ports (19001 backend, 19080 nginx, 18091-18093 ours) so the shared harness's ports stay
# free. CANDIDATES="fast full" measures a subset. CANDIDATES="fast fast-alt" ALT_JAVA_OPTS="-XX:..." compares JVM flags:
# fast-alt is the fast path with ALT_JAVA_OPTS added to its JVM options.
# CPU per request is far less sensitive than req/s to other people's load on this shared machine.
#
#   bench/proxy/cpu-per-request.sh            # 1 KiB, 3 alternating rounds of 5 s per candidate
#   SIZE=1m ROUNDS=5 DUR=5 bench/proxy/cpu-per-request.sh
#   JFR=1 bench/proxy/cpu-per-request.sh      # also records a JFR profile of each JVM (in $WORK)
#   PERF=1 bench/proxy/cpu-per-request.sh     # also a perf profile (cpu-clock, kernel and JIT frames) of every
#                                             # server in the last round: $WORK/<name>.perf.data, summary printed
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${WORK:-/tmp/proxy-cpu-bench}
SIZE=${SIZE:-1k}; ROUNDS=${ROUNDS:-3}; DUR=${DUR:-5}; CONNS=${CONNS:-50}
SRV_CPU=${SRV_CPU:-1}; CLI_CPU=${CLI_CPU:-0}
for c in wrk nginx java mvn taskset; do command -v $c >/dev/null || { echo "needs '$c' on PATH" >&2; exit 2; }; done
mkdir -p "$WORK/www/user/alice" "$WORK/tmp"
[ -s "$WORK/www/user/alice/1k" ] || head -c 768 /dev/urandom | base64 -w0 | head -c 1024 >"$WORK/www/user/alice/1k"
[ -s "$WORK/www/user/alice/1m" ] || head -c 1048576 /dev/urandom >"$WORK/www/user/alice/1m"

PIDS=()
declare -A PIDS_OF
cleanup() { local p; for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; sleep 1;
            for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

common="worker_processes 1; user root; events { worker_connections 4096; }"
cat >"$WORK/backend.conf" <<CONF
$common pid $WORK/backend.pid; error_log $WORK/backend.error.log warn;
http { access_log off; keepalive_requests 1000000; keepalive_timeout 65s; tcp_nodelay on; sendfile on;
  client_body_temp_path $WORK/tmp/b; proxy_temp_path $WORK/tmp/p; fastcgi_temp_path $WORK/tmp/f;
  uwsgi_temp_path $WORK/tmp/u; scgi_temp_path $WORK/tmp/s;
  server { listen 127.0.0.1:19001; root $WORK/www; } }
CONF
cat >"$WORK/proxy.conf" <<CONF
$common pid $WORK/proxy.pid; error_log $WORK/proxy.error.log warn;
http { access_log off; keepalive_requests 1000000; keepalive_timeout 65s; tcp_nodelay on;
  client_body_temp_path $WORK/tmp/b2; proxy_temp_path $WORK/tmp/p2; fastcgi_temp_path $WORK/tmp/f2;
  uwsgi_temp_path $WORK/tmp/u2; scgi_temp_path $WORK/tmp/s2;
  upstream backend { server 127.0.0.1:19001; keepalive 128; keepalive_requests 1000000; }
  server { listen 127.0.0.1:19080; proxy_http_version 1.1; proxy_buffers 16 64k; proxy_buffer_size 16k;
    proxy_busy_buffers_size 128k; proxy_max_temp_file_size 0;
    location / { proxy_pass http://backend; proxy_set_header Host \$host; proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto \$scheme; } } }
CONF
taskset -c "$SRV_CPU" nginx -c "$WORK/backend.conf" -g 'daemon off;' >"$WORK/backend.log" 2>&1 &
PIDS+=($!)
taskset -c "$SRV_CPU" nginx -c "$WORK/proxy.conf" -g 'daemon off;' >"$WORK/proxy.log" 2>&1 &
PIDS+=($!); NGINX_PROXY_MASTER=$!

. "$HERE/classes.sh"
CP=$(proxy_classpath "$WORK/classes") || exit 1
start_ours() {   # start_ours NAME PORT CLIENT FAST_PATH TRANSPORT [EXTRA JVM OPTIONS]
  local opts="-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch -Dio.netty.leakDetection.level=disabled \
-Dlogback.configurationFile=$HERE/logback-bench.xml -Ddataworkspace.forward.client=$3 ${6:-}"
  [ "${JFR:-0}" = 1 ] && opts="$opts -XX:StartFlightRecording=filename=$WORK/$1.jfr,settings=profile,delay=20s"
  rm -f "$WORK/$1.info"
  NETWORK_TRANSPORT=$5 PROXY_FAST_PATH=$4 taskset -c "$SRV_CPU" java $opts -cp "$CP" io.dataworkspace.proxy.bench.FullPathBenchServer \
    "$2" 19001 19002 "$WORK/$1.info" >"$WORK/$1.log" 2>&1 &
  PIDS+=($!); PIDS_OF[$1]=$!
}
CANDIDATES=${CANDIDATES:-fast fast-epoll full}
port_of() { case $1 in fast) echo 18091 ;; full) echo 18092 ;; fast-epoll) echo 18093 ;; fast-alt) echo 18094 ;; esac; }
for n in $CANDIDATES; do
  case $n in
    fast) start_ours fast 18091 direct true auto ;;
    full) start_ours full 18092 "${FULL_CLIENT:-direct}" false auto ;;
    fast-epoll) start_ours fast-epoll 18093 direct true epoll ;;
    fast-alt) start_ours fast-alt 18094 direct true auto "${ALT_JAVA_OPTS:?fast-alt needs ALT_JAVA_OPTS}" ;;
    *) echo "unknown candidate $n (fast, fast-epoll, fast-alt, full)" >&2; exit 2 ;;
  esac
done
for n in $CANDIDATES; do
  for i in $(seq 600); do [ -s "$WORK/$n.info" ] && break; sleep 0.2; done
  [ -s "$WORK/$n.info" ] || { echo "$n did not start: $(tail -3 "$WORK/$n.log")" >&2; exit 1; }
done
. "$HERE/../lib/proc-cpu.sh"
loop_tid() {   # the event loop thread of a proxy JVM (the only one serving requests); the nginx worker is itself
  local t
  for t in /proc/"$1"/task/*; do grep -q '^vert.x-eventloo' "$t/comm" 2>/dev/null && { echo "$1/task/${t##*/}"; return; }; done
  echo "$1"
}
CLK=$(getconf CLK_TCK)
run() {   # run LABEL PID URL [wrk header args...]
  local label=$1 pid=$2 url=$3; shift 3
  local u0 u1 k0 k1 l0 l1 out reqs lt perf=""
  lt=$(loop_tid "$pid")
  if [ "${PROFILE_ROUND:-0}" = 1 ]; then
    perf record -q -e cpu-clock -F 2999 -g -p "$pid" -o "$WORK/$label.perf.data" -- sleep "$DUR" 2>/dev/null &
    perf=$!
  fi
  read -r u0 k0 < <(proc_cpu_ticks "$pid"); l0=$(proc_cpu_total "$lt")
  out=$(taskset -c "$CLI_CPU" timeout $((DUR + 10)) wrk -t1 -c"$CONNS" -d"${DUR}s" "$@" "$url")
  read -r u1 k1 < <(proc_cpu_ticks "$pid"); l1=$(proc_cpu_total "$lt")
  [ -n "$perf" ] && { wait "$perf" || true; [ "$label" = nginx ] || jcmd "$pid" Compiler.perfmap >/dev/null 2>&1 || true; }
  reqs=$(echo "$out" | awk '/requests in/{print $1}')
  local non2xx; non2xx=$(echo "$out" | awk '/Non-2xx/{print $NF}')
  awk -v l="$label" -v t="$((u1 + k1 - u0 - k0))" -v s="$((k1 - k0))" -v lo="$((l1 - l0))" -v r="$reqs" -v c="$CLK" \
    -v d="$DUR" -v e="${non2xx:-0}" \
    'BEGIN{printf "%-10s %9.0f req/s  %6.1f us CPU/req (process: %.1f user + %.1f kernel)  %6.1f us (serving thread)  non-2xx=%s\n",
      l, r/d, t/c*1e6/r, (t-s)/c*1e6/r, s/c*1e6/r, lo/c*1e6/r, e}'
}
echo "warm-up (${WARM:-30} s each)" >&2
for n in $CANDIDATES; do
  . "$WORK/$n.info"; taskset -c "$CLI_CPU" wrk -t1 -c"$CONNS" -d"${WARM:-30}s" -H "Host: $HTTP_HOST" -H "Cookie: $HTTP_COOKIE" \
    "http://127.0.0.1:$(port_of $n)/user/alice/$SIZE" >/dev/null
done
NGINX_WORKER=$(pgrep -P "$NGINX_PROXY_MASTER" | head -1)
echo "date: $(date -Is) size=$SIZE conns=$CONNS dur=${DUR}s loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "per round: req/s, then CPU per request of the whole process and of its serving thread (JVM: the event loop)"
for r in $(seq "$ROUNDS"); do
  [ "${PERF:-0}" = 1 ] && [ "$r" = "$ROUNDS" ] && PROFILE_ROUND=1
  run nginx "$NGINX_WORKER" "http://127.0.0.1:19080/user/alice/$SIZE"
  for n in $CANDIDATES; do
    . "$WORK/$n.info"; run "$n" "${PIDS_OF[$n]}" "http://127.0.0.1:$(port_of $n)/user/alice/$SIZE" \
      -H "Host: $HTTP_HOST" -H "Cookie: $HTTP_COOKIE"
  done
done
echo "(CPU of the proxy alone, backend excluded: nginx's proxy worker; the proxy JVM with its GC and JIT threads (its"
echo " embedded PostgreSQL's processes not counted), and its event loop thread alone)"
if [ "${PERF:-0}" = 1 ]; then
  echo
  echo "perf profiles of the last round (cpu-clock samples of the whole process, self time; $WORK/<name>.perf.data):"
  for n in nginx $CANDIDATES; do
    [ -s "$WORK/$n.perf.data" ] && "$HERE/perf-summary.sh" "$WORK/$n.perf.data" "$n"
  done
fi
