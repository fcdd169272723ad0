#!/usr/bin/env bash
# profile.sh - where one cached query's CPU goes: dnsfilter (cache answering every allowed name) under dnsperf load,
# with /proc user/system CPU per query, syscalls per query (strace -c on a short window, optional) and a JFR
# recording of the busy part (jfr print --events jdk.ExecutionSample to read it).
# Usage: bench/dnsfilter/profile.sh            (about 40 s)
# Knobs: DUR=10 RT=1 Q=100 JFR=1 (use with RT=0: an RT event loop starves JFR's sampler) STRACE=0 PERF=0 SRV_CPU=1 CLI_CPU=0 JAR=... PEER_BENCH_WORK=...
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/dnsfilter/target/dnsfilter.jar}
WORK=${PEER_BENCH_WORK:-${TMPDIR:-/tmp}/peer-bench-dnsfilter}
DUR=${DUR:-10}; RT=${RT:-1}; Q=${Q:-100}; JFR=${JFR:-1}; STRACE=${STRACE:-0}; PERF=${PERF:-0}; SRV_CPU=${SRV_CPU:-1}; CLI_CPU=${CLI_CPU:-0}
if [ "$RT" = 1 ]; then PRIO=(chrt -f 10); else PRIO=(nice -n -10); fi
P_UP=26353; P_DNS=26357; P_HTTP=26382
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Dio.netty.leakDetection.level=disabled -Dio.netty.buffer.checkAccessible=false -Dio.netty.buffer.checkBounds=false"}
OUT=$WORK/profile/$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
for c in dnsmasq dnsperf dig taskset java; do
  command -v $c >/dev/null || { echo "profile.sh: '$c' is missing (Debian packages: dnsmasq dnsperf bind9-dnsutils util-linux, a JDK 17)" >&2; exit 2; }
done
[ -s "$JAR" ] || { echo "profile.sh: $JAR not found: build it with 'mvn -q -B -pl dnsfilter package -DskipTests'" >&2; exit 2; }

PIDS=()
cleanup() { local p; for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done; }
trap cleanup EXIT

cat >"$OUT/upstream.conf" <<CONF
port=$P_UP
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-poll
user=root
address=/hub.example.test/127.0.0.1
address=/alice.tools.example.test/127.0.0.11
address=/pypi.example.test/127.0.0.20
CONF
cat >"$OUT/rules.yaml" <<CONF
rules:
  - allow: [hub.example.test, "*.tools.example.test", pypi.example.test]
  - deny: "*"
CONF
printf '%s\n' "hub.example.test A" "alice.tools.example.test A" "pypi.example.test A" "evil.example.com A" >"$OUT/queries.txt"

dnsmasq -k -C "$OUT/upstream.conf" --pid-file= >"$OUT/upstream.log" 2>&1 & PIDS+=($!)
env DNSFILTER_RULES_FILE="$OUT/rules.yaml" DNSFILTER_UPSTREAMS="127.0.0.1:$P_UP" DNSFILTER_DNS_HOST=127.0.0.1 \
  DNSFILTER_DNS_PORT=$P_DNS DNSFILTER_HTTP_HOST=127.0.0.1 DNSFILTER_HTTP_PORT=$P_HTTP DNSFILTER_CACHE_MIN_TTL=30s \
  DNSFILTER_DENY_RCODE=NXDOMAIN DNSFILTER_CLIENT_QPS=10000000 DNSFILTER_CLIENT_BURST=10000000 DNSFILTER_LOG_LEVEL=WARN \
  DNSFILTER_HEALTH_NAME=hub.example.test \
  taskset -c "$SRV_CPU" "${PRIO[@]}" java $JAVA_OPTS -jar "$JAR" >"$OUT/dnsfilter.log" 2>&1 & SRV=$!; PIDS+=($SRV)
for i in $(seq 150); do dig +time=1 +tries=1 -p $P_DNS @127.0.0.1 hub.example.test +short 2>/dev/null | grep -q . && break; sleep 0.2; done
grep -m1 "transport" "$OUT/dnsfilter.log" >&2
taskset -c "$CLI_CPU" dnsperf -s 127.0.0.1 -p $P_DNS -d "$OUT/queries.txt" -l 10 -c 1 -T 1 -q "$Q" >/dev/null 2>&1   # JIT warm-up

stat_ticks() { awk '{sub(/^.*\) /,""); print $12, $13}' /proc/"$SRV"/stat; }
[ "$JFR" = 1 ] && jcmd "$SRV" JFR.start name=prof settings=profile filename="$OUT/dnsfilter.jfr" >/dev/null
read -r u0 s0 < <(stat_ticks)
taskset -c "$CLI_CPU" "${PRIO[@]}" dnsperf -s 127.0.0.1 -p $P_DNS -d "$OUT/queries.txt" -l "$DUR" -c 1 -T 1 -q "$Q" \
  >"$OUT/dnsperf.txt" 2>&1 &
PERF=$!
if [ "$STRACE" = 1 ]; then sleep 2; timeout 2 strace -c -f -p "$SRV" -o "$OUT/strace.txt" 2>/dev/null; fi
if [ "$PERF" = 1 ]; then sleep 2; perf record -q -C "$SRV_CPU" -o "$OUT/perf.data" -- sleep 3 >/dev/null 2>&1; fi
wait $PERF
read -r u1 s1 < <(stat_ticks)
[ "$JFR" = 1 ] && jcmd "$SRV" JFR.stop name=prof >/dev/null
CLK=$(getconf CLK_TCK)
python3 - "$OUT/dnsperf.txt" "$u0" "$s0" "$u1" "$s1" "$CLK" "$DUR" <<'PY' | tee "$OUT/summary.txt"
import sys, re
txt = open(sys.argv[1]).read()
sent = int(re.search(r"Queries completed:\s+(\d+)", txt).group(1))
qps = float(re.search(r"Queries per second:\s+([\d.]+)", txt).group(1))
u0, s0, u1, s1, clk, dur = (float(x) for x in sys.argv[2:])
usr, sys_ = (u1 - u0) / clk, (s1 - s0) / clk
print(f"qps={qps:,.0f} answered={sent} cpu%={(usr + sys_) / dur * 100:.0f} "
      f"user_us/query={usr / sent * 1e6:.2f} sys_us/query={sys_ / sent * 1e6:.2f}")
PY
if [ "$STRACE" = 1 ] && [ -s "$OUT/strace.txt" ]; then head -15 "$OUT/strace.txt"; fi
if [ "$PERF" = 1 ] && [ -s "$OUT/perf.data" ]; then
  perf report -i "$OUT/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | grep -v '^#' | grep . | head -40 | tee "$OUT/perf-top.txt"
fi
if [ "$JFR" = 1 ] && [ -s "$OUT/dnsfilter.jfr" ]; then
  jfr print --events jdk.ExecutionSample "$OUT/dnsfilter.jfr" | awk '/stackTrace = \[/{getline; sub(/^[ \t]+/,""); sub(/line:.*/,""); print}' \
    | sort | uniq -c | sort -rn | head -25 | tee "$OUT/top-frames.txt"
fi
echo "results in $OUT" >&2
