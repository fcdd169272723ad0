#!/usr/bin/env bash
# profile.sh - where one cached query's CPU goes: dnsfilter (cache answering every allowed name) under dnsperf load,
# with /proc user/system CPU per query, syscalls per query (strace -c on a short window, optional) and a JFR
# recording of the busy part (jfr print --events jdk.ExecutionSample to read it), and what the query path allocates:
# young collections during the measured window (from -Xlog:gc) and the top allocation sites
# (jdk.ObjectAllocationSample, by weight).
# Usage: bench/dnsfilter/profile.sh            (about 40 s)
#        RT=0 bench/dnsfilter/profile.sh       (with JFR: allocation and CPU samples)
# Knobs: DUR=10 RT=1 Q=100 LAT_QPS=0 (>0: a fixed rate, dnsperf -Q) JFR=1 (use with RT=0: an RT event loop starves
#        JFR's sampler) STRACE=0 PERF=0 SRV_CPU=1 CLI_CPU=0 JAR=... JAVA_OPTS=... PEER_BENCH_WORK=...
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/dnsfilter/target/dnsfilter.jar}
WORK=${PEER_BENCH_WORK:-${TMPDIR:-/tmp}/peer-bench-dnsfilter}
DUR=${DUR:-10}; RT=${RT:-1}; Q=${Q:-100}; LAT_QPS=${LAT_QPS:-0}; JFR=${JFR:-1}; STRACE=${STRACE:-0}; PERF=${PERF:-0}; SRV_CPU=${SRV_CPU:-1}; CLI_CPU=${CLI_CPU:-0}
if [ "$RT" = 1 ]; then PRIO=(chrt -f 10); else PRIO=(nice -n -10); fi
P_UP=26353; P_DNS=26357; P_HTTP=26382
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms256m -Xmx256m -Xmn192m -XX:MaxTenuringThreshold=0 -XX:MetaspaceSize=64m -XX:+AlwaysPreTouch -XX:-UsePerfData -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0 -Dio.netty.leakDetection.level=disabled -Dio.netty.buffer.checkAccessible=false -Dio.netty.buffer.checkBounds=false"}
OUT=$WORK/profile/$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
RATE=(); [ "$LAT_QPS" -gt 0 ] && RATE=(-Q "$LAT_QPS")
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
  taskset -c "$SRV_CPU" "${PRIO[@]}" java $JAVA_OPTS -Xlog:gc:file="$OUT/gc.log":uptime -jar "$JAR" >"$OUT/dnsfilter.log" 2>&1 & SRV=$!; PIDS+=($SRV)
for i in $(seq 150); do dig +time=1 +tries=1 -p $P_DNS @127.0.0.1 hub.example.test +short 2>/dev/null | grep -q . && break; sleep 0.2; done
grep -m1 "transport" "$OUT/dnsfilter.log" >&2
taskset -c "$CLI_CPU" dnsperf -s 127.0.0.1 -p $P_DNS -d "$OUT/queries.txt" -l 10 -c 1 -T 1 -q "$Q" >/dev/null 2>&1   # JIT warm-up

. "$ROOT/bench/lib/proc-cpu.sh"
[ "$JFR" = 1 ] && jcmd "$SRV" JFR.start name=prof settings=profile filename="$OUT/dnsfilter.jfr" >/dev/null
read -r u0 s0 < <(proc_cpu_ticks "$SRV")
young() { grep -c 'Pause Young' "$OUT/gc.log" 2>/dev/null || true; }
full() { grep -c 'Pause Full' "$OUT/gc.log" 2>/dev/null || true; }
y0=$(young); f0=$(full)
taskset -c "$CLI_CPU" "${PRIO[@]}" dnsperf -s 127.0.0.1 -p $P_DNS -d "$OUT/queries.txt" -l "$DUR" -c 1 -T 1 -q "$Q" "${RATE[@]}" \
  >"$OUT/dnsperf.txt" 2>&1 &
PERF=$!
if [ "$STRACE" = 1 ]; then sleep 2; timeout 2 strace -c -f -p "$SRV" -o "$OUT/strace.txt" 2>/dev/null; fi
if [ "$PERF" = 1 ]; then sleep 2; perf record -q -C "$SRV_CPU" -o "$OUT/perf.data" -- sleep 3 >/dev/null 2>&1; fi
wait $PERF
read -r u1 s1 < <(proc_cpu_ticks "$SRV")
y1=$(young); f1=$(full)
[ "$JFR" = 1 ] && jcmd "$SRV" JFR.stop name=prof >/dev/null
CLK=$(getconf CLK_TCK)
python3 - "$OUT/dnsperf.txt" "$u0" "$s0" "$u1" "$s1" "$CLK" "$DUR" "$((y1 - y0))" "$((f1 - f0))" <<'PY' | tee "$OUT/summary.txt"
import sys, re
txt = open(sys.argv[1]).read()
sent = int(re.search(r"Queries completed:\s+(\d+)", txt).group(1))
qps = float(re.search(r"Queries per second:\s+([\d.]+)", txt).group(1))
u0, s0, u1, s1, clk, dur, young, full = (float(x) for x in sys.argv[2:])
usr, sys_ = (u1 - u0) / clk, (s1 - s0) / clk
print(f"qps={qps:,.0f} answered={sent} cpu%={(usr + sys_) / dur * 100:.0f} "
      f"user_us/query={usr / sent * 1e6:.2f} sys_us/query={sys_ / sent * 1e6:.2f} "
      f"young_gcs={young:.0f} ({young / dur * 60:.1f}/min, {young / sent * 1e6:.2f} per million queries) full_gcs={full:.0f}")
PY
if [ "$STRACE" = 1 ] && [ -s "$OUT/strace.txt" ]; then head -15 "$OUT/strace.txt"; fi
if [ "$PERF" = 1 ] && [ -s "$OUT/perf.data" ]; then
  perf report -i "$OUT/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | grep -v '^#' | grep . | head -40 | tee "$OUT/perf-top.txt"
fi
if [ "$JFR" = 1 ] && [ -s "$OUT/dnsfilter.jfr" ]; then
  jfr print --events jdk.ExecutionSample "$OUT/dnsfilter.jfr" | awk '/stackTrace = \[/{getline; sub(/^[ \t]+/,""); sub(/line:.*/,""); print}' \
    | sort | uniq -c | sort -rn | head -25 | tee "$OUT/top-frames.txt"
  # bytes the DNS event loop allocated during the recording (TLAB accounting: exact), per answered query
  jfr print --events jdk.ThreadAllocationStatistics "$OUT/dnsfilter.jfr" | python3 -c '
import sys, re
units = {"bytes": 1, "kB": 1024, "MB": 1 << 20, "GB": 1 << 30}
vals = [float(v) * units[u] for v, u, t in re.findall(r"allocated = ([\d.]+) (bytes|kB|MB|GB)\s+thread = \"([^\"]*)\"", sys.stdin.read()) if t.startswith("dnsfilter-dns")]
n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else 0
if len(vals) >= 2 and n:
    print(f"event loop allocated {(max(vals) - min(vals)) / 1e6:.1f} MB during the recording: {(max(vals) - min(vals)) / n:.0f} bytes per answered query")
' "$(awk '/Queries completed:/{print $3}' "$OUT/dnsperf.txt")" | tee -a "$OUT/summary.txt"
  # allocation samples: weight (bytes the sample stands for) by class and the first frames of its stack
  jfr print --events jdk.ObjectAllocationSample --stack-depth 6 "$OUT/dnsfilter.jfr" >"$OUT/alloc.txt"
  python3 - "$OUT/alloc.txt" "$OUT/dnsperf.txt" <<'PY' | tee "$OUT/top-alloc.txt"
import sys, re, collections
txt = open(sys.argv[1]).read()
m = re.search(r"Queries completed:\s+(\d+)", open(sys.argv[2]).read()); n = int(m.group(1)) if m else 0
by = collections.Counter(); total = 0
for ev in txt.split("jdk.ObjectAllocationSample {")[1:]:
    cls = re.search(r"objectClass = (\S+)", ev); w = re.search(r"weight = ([\d.]+) (bytes|kB|MB|GB)", ev)
    if not cls or not w: continue
    thread = re.search(r'eventThread = "([^"]*)"', ev)
    mult = {"bytes": 1, "kB": 1024, "MB": 1 << 20, "GB": 1 << 30}[w.group(2)]
    wt = float(w.group(1)) * mult; total += wt
    frames = [f.strip().split("  line:")[0] for f in ev.split("stackTrace = [")[1].split("\n")[1:5] if f.strip() and f.strip() != "]"] if "stackTrace = [" in ev else []
    by[(thread.group(1) if thread else "?", cls.group(1), " < ".join(frames[:3]))] += wt
print(f"sampled allocation weight: {total / 1e6:.1f} MB" + (f", {total / n:.0f} bytes per answered query" if n else ""))
for (t, c, f), w in by.most_common(20):
    print(f"{w / total * 100:5.1f}%  {t[:28]:28}  {c}  {f}")
PY
fi
echo "results in $OUT" >&2
