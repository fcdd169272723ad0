#!/usr/bin/env bash
# run.sh - dnsperf against dnsfilter and against the dnsmasq allow-list filter of the peer harness
# (../shared/bench/peers/run-peers.sh, "dns" mode), same rules, same upstream, one interleaved run.
#
# The harness's EXTRA_* hooks only cover its http/ws modes, so this script rebuilds its DNS set-up on its own ports
# (the harness's fixed ports 5353-5355 stay free for other people's runs):
#   upstream       dnsmasq answering local data (the harness's dnsmasq-local.conf, TTL 0 as there)
#   dnsmasq-filter dnsmasq with server=/zone/upstream lines and address=/#/ (NXDOMAIN), cache-size=0
#   dnsfilter      the same zones allowed, everything else NXDOMAIN; the same upstream; two instances:
#                    dnsfilter-fwd    DNSFILTER_CACHE_MIN_TTL=0: upstream TTL 0 honoured, every allowed query is
#                                     forwarded (what the dnsmasq filter does with cache-size=0)
#                    dnsfilter-cached DNSFILTER_CACHE_MIN_TTL=30s: allowed names answered from the cache
# Servers pinned to SRV_CPU (the JVM then sees one CPU), dnsperf to CLI_CPU, niced like the harness.
# Throughput: dnsperf -c1 -T1 -q{DNS_Q} -l DUR, REPS reps, interleaved. Latency: dnsperf -v at a fixed rate
# (-Q LAT_QPS, 100 outstanding allowed), percentiles from the per-query latencies.
# Every dnsfilter JVM logs its collections and safepoints (-Xlog:gc,safepoint, gc-<name>.log in the results);
# each measurement line says how many young / full collections and safepoints fell inside it and their total pause.
# A/B: CMP_JAR=other.jar and/or CMP_JAVA_OPTS="..." add a fourth server, dnsfilter-cmp (cached, like
# dnsfilter-cached), measured in the same interleaved run.
# Usage: bench/dnsfilter/run.sh                   (about 4 minutes with defaults)
#        DUR=5 REPS=1 bench/dnsfilter/run.sh      (quick)
# Knobs: RT=0 GROUP_NICE=1 DUR=10 REPS=3 DNS_Q="100 1" LAT_QPS=10000 LAT_DUR=5 LAT_REPS=$REPS (0: no latency runs) TARGETS=... SRV_CPU=1 CLI_CPU=0 NICE=-10 WARMUP=20 JAR=... JAVA_OPTS=... CMP_JAR= CMP_JAVA_OPTS=
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/dnsfilter/target/dnsfilter.jar}
WORK=${PEER_BENCH_WORK:-${TMPDIR:-/tmp}/peer-bench-dnsfilter}
DUR=${DUR:-10}; REPS=${REPS:-3}; DNS_Q=${DNS_Q:-"100 1"}; LAT_QPS=${LAT_QPS:-10000}; LAT_DUR=${LAT_DUR:-5}; LAT_REPS=${LAT_REPS:-$REPS}
SRV_CPU=${SRV_CPU:-1}; CLI_CPU=${CLI_CPU:-0}; NICE=${NICE:--10}; WARMUP=${WARMUP:-20}
QUIET_PCT=${QUIET_PCT:-25}; QUIET_MAX=${QUIET_MAX:-20}
# RT=1: servers and dnsperf run SCHED_FIFO (chrt -f 10) instead of nice -10, so that other people's builds on the
# shared cores cannot delay their wake-ups (on a loaded machine a server that sleeps between packets otherwise waits
# for the scheduler, not for work). Bounded by the run's length; the kernel keeps 5% of each core for others.
RT=${RT:-0}
# GROUP_NICE=1 (default): every server and dnsperf also runs in a session of its own whose autogroup gets the same
# nice value. With the kernel's autogroup scheduling on (/proc/sys/kernel/sched_autogroup_enabled = 1, as here), a
# task's nice value only ranks it against tasks of its own session: against other people's builds, each in their
# session, "nice -10" does nothing and a sleeping server waits behind a slice of every busy session on its core when
# it wakes. Giving the server's session nice -10 restores what nice -10 means on a machine without autogroups.
# GROUP_NICE=0: plain nice -10 inside this script's session, as the peer harness does.
GROUP_NICE=${GROUP_NICE:-1}
if [ "$RT" = 1 ]; then PRIO=(chrt -f 10); else PRIO=(nice -n "$NICE"); fi
if [ "$RT" != 1 ] && [ "$GROUP_NICE" = 1 ] && [ "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null)" = 1 ]; then
  # setsid: a new session (not forking: background children of a script are no process group leaders); its
  # autogroup's nice is set before exec
  PRIO=(setsid sh -c 'echo "$0" >/proc/self/autogroup && exec "$@"' "$NICE" nice -n "$NICE")
fi
P_UP=25353; P_FILTER=25355; P_FWD=25356; P_CACHED=25357; P_CMP=25358; P_HTTP_FWD=25381; P_HTTP_CACHED=25382; P_HTTP_CMP=25383
# JVM (see docs/benchmarks.md, "dnsfilter: p99 for cached names"): Serial GC; a fixed heap whose young generation takes most of it (a
# cached query allocates ~200 bytes: a young collection every ~1.5 min at 10k q/s); survivors promoted at once
# (MaxTenuringThreshold=0: nothing is copied back and forth, a young pause stays under 1 ms); no hsperfdata sampling;
# no periodic "guaranteed" safepoints. (A JVM that sees one CPU already runs two JIT threads.)
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xms256m -Xmx256m -Xmn192m -XX:MaxTenuringThreshold=0 -XX:MetaspaceSize=64m -XX:+AlwaysPreTouch -XX:-UsePerfData -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0 -Dio.netty.leakDetection.level=disabled -Dio.netty.buffer.checkAccessible=false -Dio.netty.buffer.checkBounds=false"}
CMP_JAR=${CMP_JAR:-}; CMP_JAVA_OPTS=${CMP_JAVA_OPTS:-}

STAMP=$(date +%Y%m%d-%H%M%S)
OUT=$WORK/results/$STAMP; RUN=$WORK/run
mkdir -p "$OUT" "$RUN"
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" | tee -a "$OUT/run.log" >&2; }

for c in dnsmasq dnsperf dig taskset java; do
  command -v $c >/dev/null || { echo "run.sh: '$c' is missing (Debian packages: dnsmasq dnsperf bind9-dnsutils util-linux, a JDK 17)" >&2; exit 2; }
done
[ -s "$JAR" ] || { echo "run.sh: $JAR not found: build it with 'mvn -q -B -pl dnsfilter package -DskipTests'" >&2; exit 2; }

# ------------------------------------------------------------------ processes (stopped by PID only)
STARTED=()
start_srv() { local name=$1; shift
  taskset -c "$SRV_CPU" "${PRIO[@]}" "$@" >"$RUN/$name.log" 2>&1 &
  STARTED+=("$name:$!"); log "started $name pid=$!: $*"; }
stop_all() { local i e pid
  for ((i=${#STARTED[@]}-1; i>=0; i--)); do e=${STARTED[$i]}; pid=${e#*:}
    kill -TERM "$pid" 2>/dev/null; for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; log "stopped ${e%%:*} pid=$pid"; done
  STARTED=(); }
trap stop_all EXIT
trap 'log interrupted; exit 130' INT TERM
pid_of() { local e; for e in "${STARTED[@]}"; do [ "${e%%:*}" = "$1" ] && echo "${e#*:}"; done; }
port_busy() { ss -Huln "sport = :$1" 2>/dev/null | grep -q . || ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }
wait_dns() { local i; for i in $(seq 150); do dig +time=1 +tries=1 -p "$1" @127.0.0.1 hub.example.test A +short 2>/dev/null | grep -q . && return 0; sleep 0.2; done; log "dns port $1 not answering"; return 1; }
. "$ROOT/bench/lib/proc-cpu.sh"   # proc_cpu_total (all servers of a target), proc_cpu_ticks (the filter: user, system)
CLK=$(getconf CLK_TCK)
busy() { awk '/^cpu /{print $2+$3+$4}' /proc/stat; }
load1() { echo "load1=$(cut -d' ' -f1 /proc/loadavg)"; }
steal() { awk '/^cpu /{print $9}' /proc/stat; }
# CPU busy on the machine during a measurement that was not the servers measured nor dnsperf (other people's work),
# in % of one core: all busy ticks minus the servers' ticks minus dnsperf's share (estimated as CPU 0 busy, capped).
# and the time the hypervisor took from this VM (steal), same unit
other_cpu() { awk -v b0=$1 -v b1=$2 -v s0=$3 -v s1=$4 -v t0=$5 -v t1=$6 -v c=$CLK 'BEGIN{
  printf "busy_all=%.0f steal=%.0f", (b1 - b0) / c / (t1 - t0) * 100, (s1 - s0) / c / (t1 - t0) * 100 }'; }
wait_quiet() { local t0=$SECONDS a b pct
  while :; do a=$(busy); sleep 1; b=$(busy); pct=$(( (b - a) * 100 / CLK ))
    [ "$pct" -le "$QUIET_PCT" ] && return; [ $((SECONDS - t0)) -ge "$QUIET_MAX" ] && { log "  machine not quiet (${pct}% of a core busy) - measuring anyway"; return; }
  done; }

for p in $P_UP $P_FILTER $P_FWD $P_CACHED $P_CMP $P_HTTP_FWD $P_HTTP_CACHED $P_HTTP_CMP; do port_busy $p && { log "port $p busy - refusing to start"; exit 1; }; done

# ------------------------------------------------------------------ configs: the harness's, on our ports
cat >"$RUN/upstream.conf" <<CONF
port=$P_UP
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-poll
no-negcache
user=root
cache-size=10000
address=/hub.example.test/127.0.0.1
address=/hub.example.test/::1
address=/alice.tools.example.test/127.0.0.11
address=/bob.tools.example.test/127.0.0.12
address=/carol.tools.example.test/127.0.0.13
address=/pypi.example.test/127.0.0.20
address=/github.example.test/127.0.0.21
address=/blocked.example.test/
address=/ads.example.test/
CONF
cat >"$RUN/filter.conf" <<CONF
port=$P_FILTER
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-poll
user=root
cache-size=0
server=/hub.example.test/127.0.0.1#$P_UP
server=/tools.example.test/127.0.0.1#$P_UP
server=/pypi.example.test/127.0.0.1#$P_UP
server=/github.example.test/127.0.0.1#$P_UP
address=/#/
CONF
# dnsmasq's server=/zone/ covers the zone and every name below it: the same names, written as rules
cat >"$RUN/rules.yaml" <<CONF
rules:
  - allow: [hub.example.test, "*.hub.example.test", tools.example.test, "*.tools.example.test",
            pypi.example.test, "*.pypi.example.test", github.example.test, "*.github.example.test"]
  - deny: "*"
CONF
printf '%s\n' "hub.example.test A" "alice.tools.example.test A" "bob.tools.example.test A" \
  "carol.tools.example.test A" "pypi.example.test A" "github.example.test A" "hub.example.test AAAA" \
  "evil.example.com A" "ads.example.test A" "exfil.attacker.example A" "www.google.com A" \
  "tracker.blocked.example.test A" >"$RUN/queries.txt"

ours() {  # ours NAME DNS_PORT HTTP_PORT MIN_TTL [JAR [JAVA_OPTS]]
  local jar=${5:-$JAR} opts=${6:-$JAVA_OPTS}
  start_srv "$1" env DNSFILTER_RULES_FILE="$RUN/rules.yaml" DNSFILTER_UPSTREAMS="127.0.0.1:$P_UP" \
    DNSFILTER_DNS_HOST=127.0.0.1 DNSFILTER_DNS_PORT="$2" DNSFILTER_HTTP_HOST=127.0.0.1 DNSFILTER_HTTP_PORT="$3" \
    DNSFILTER_DENY_RCODE=NXDOMAIN DNSFILTER_CACHE_MIN_TTL="$4" DNSFILTER_HEALTH_NAME=hub.example.test \
    DNSFILTER_CLIENT_QPS=10000000 DNSFILTER_CLIENT_BURST=10000000 DNSFILTER_LOG_LEVEL=WARN \
    java $opts -Xlog:gc,safepoint:file="$OUT/gc-$1.log":uptime -jar "$jar"
}
# collections and safepoints in a gc-<name>.log since line $2: "young=N full=N safepoints=N pause_ms=X"
gc_since() { awk -v from="$2" 'NR > from && /Pause Young/ {y++} NR > from && /Pause Full/ {f++}
  NR > from && /Safepoint "/ {n++; if (match($0, /Total: [0-9]+ ns/)) t += substr($0, RSTART + 7, RLENGTH - 10)}
  END {printf "young=%d full=%d safepoints=%d pause_ms=%.2f", y, f, n, t / 1e6}' "$OUT/gc-$1.log" 2>/dev/null; }
gc_lines() { if [ -f "$OUT/gc-$1.log" ]; then wc -l <"$OUT/gc-$1.log"; else echo 0; fi; }

{
  echo "date: $(date -Is)  host: $(uname -srm)  cpus: $(nproc)  $(grep -m1 'model name' /proc/cpuinfo)"
  echo "dnsmasq: $(dnsmasq -v | head -1 | awk '{print $3}')  dnsperf: $(dnsperf -h 2>&1 | awk '/^Version/{print $2}')  java: $(java -version 2>&1 | head -1)"
  echo "settings: DUR=$DUR REPS=$REPS DNS_Q='$DNS_Q' LAT_QPS=$LAT_QPS LAT_DUR=$LAT_DUR SRV_CPU=$SRV_CPU CLI_CPU=$CLI_CPU NICE=$NICE RT=$RT JAVA_OPTS='$JAVA_OPTS'"
  [ -n "$CMP_JAR$CMP_JAVA_OPTS" ] && echo "dnsfilter-cmp: JAR=${CMP_JAR:-$JAR} JAVA_OPTS='${CMP_JAVA_OPTS:-$JAVA_OPTS}'"
  echo "scheduling: ${PRIO[*]}  (autogroup: $(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo n/a))"
  echo "loadavg at start: $(cat /proc/loadavg)"
} | tee "$OUT/env.txt" >&2

start_srv upstream dnsmasq -k -C "$RUN/upstream.conf" --pid-file=
start_srv dnsmasq-filter dnsmasq -k -C "$RUN/filter.conf" --pid-file=
ours dnsfilter-fwd $P_FWD $P_HTTP_FWD 0
ours dnsfilter-cached $P_CACHED $P_HTTP_CACHED 30s
CMP=0; [ -n "$CMP_JAR$CMP_JAVA_OPTS" ] && CMP=1
[ "$CMP" = 1 ] && ours dnsfilter-cmp $P_CMP $P_HTTP_CMP 30s "${CMP_JAR:-$JAR}" "${CMP_JAVA_OPTS:-$JAVA_OPTS}"
for p in $P_UP $P_FILTER $P_FWD $P_CACHED $( [ "$CMP" = 1 ] && echo $P_CMP ); do wait_dns $p || exit 1; done

declare -A PORT=([dnsmasq-filter]=$P_FILTER [dnsfilter-fwd]=$P_FWD [dnsfilter-cached]=$P_CACHED [dnsfilter-cmp]=$P_CMP)
declare -A SRVS=([dnsmasq-filter]="dnsmasq-filter upstream" [dnsfilter-fwd]="dnsfilter-fwd upstream" [dnsfilter-cached]="dnsfilter-cached upstream" [dnsfilter-cmp]="dnsfilter-cmp upstream")
TARGETS=${TARGETS:-"dnsmasq-filter dnsfilter-fwd dnsfilter-cached$( [ "$CMP" = 1 ] && echo " dnsfilter-cmp")"}

for n in hub.example.test hub.example.test/AAAA evil.example.com ads.example.test; do
  for t in $TARGETS; do
    echo "$t ${n%/*} ${n#*/}: $(dig +time=1 +tries=1 -p ${PORT[$t]} @127.0.0.1 ${n%/*} $( [ "${n#*/}" = "$n" ] && echo A || echo ${n#*/}) | grep -o 'status: [A-Z]*') $(dig +short +time=1 +tries=1 -p ${PORT[$t]} @127.0.0.1 ${n%/*} $( [ "${n#*/}" = "$n" ] && echo A || echo ${n#*/}))"
  done
done | tee "$OUT/check.txt" >&2

log "warm-up ${WARMUP}s per dnsfilter instance (JIT), not recorded"
for t in dnsfilter-fwd dnsfilter-cached $( [ "$CMP" = 1 ] && echo dnsfilter-cmp); do
  taskset -c "$CLI_CPU" timeout $((WARMUP + 15)) dnsperf -s 127.0.0.1 -p ${PORT[$t]} -d "$RUN/queries.txt" -l "$WARMUP" -c 1 -T 1 -q 100 >/dev/null 2>&1
done

: >"$OUT/raw.tsv"
dnsperf_line() {  # parse dnsperf output into key=value
  awk '/Queries sent:/{s=$3} /Queries lost:/{l=$3} /Queries per second:/{q=$4}
       /Average Latency \(s\):/{a=$4; mx=$8; sub(/\)/,"",mx)}
       /Response codes:/{sub(/.*codes: */,""); gsub(/ \([^)]*\)/,""); gsub(/, /,","); gsub(/ /,":"); rc=$0}
       END{printf "qps=%.0f avg_us=%.0f max_us=%.0f sent=%d lost=%d rcodes=%s", q, a*1e6, mx*1e6, s, l, rc}' "$1"
}
log "throughput: dnsperf -c1 -T1 -q{$DNS_Q} -l$DUR, $REPS reps, interleaved"
for rep in $(seq "$REPS"); do for q in $DNS_Q; do for t in $TARGETS; do
  wait_quiet
  pids=$(for n in ${SRVS[$t]}; do pid_of $n; done)
  k0=$(proc_cpu_total $pids); T0=$(date +%s.%N); read -r fu0 fs0 < <(proc_cpu_ticks $(pid_of $t)); g0=$(gc_lines $t); b0=$(busy); s0=$(steal)
  f="$OUT/tput-$t-q$q-$rep.txt"
  taskset -c "$CLI_CPU" "${PRIO[@]}" timeout $((DUR + 15)) dnsperf -s 127.0.0.1 -p ${PORT[$t]} -d "$RUN/queries.txt" \
    -l "$DUR" -c 1 -T 1 -q "$q" >"$f" 2>&1
  k1=$(proc_cpu_total $pids); T1=$(date +%s.%N); read -r fu1 fs1 < <(proc_cpu_ticks $(pid_of $t)); b1=$(busy); s1=$(steal)
  cpu=$(awk -v a=$k0 -v b=$k1 -v t0=$T0 -v t1=$T1 -v c=$CLK 'BEGIN{printf "%.0f", (b-a)/c/(t1-t0)*100}')
  line="$(dnsperf_line "$f") srv_cpu=$cpu $(other_cpu $b0 $b1 $s0 $s1 $T0 $T1) $(load1)"
  [ "${t#dnsfilter}" != "$t" ] && line="$line $(gc_since $t $g0)"
  # the filter process alone (without the upstream): user and system CPU per answered query, in microseconds
  line="$line $(awk -v u=$((fu1 - fu0)) -v s=$((fs1 - fs0)) -v c=$CLK -v f="$f" 'BEGIN{
    while ((getline l < f) > 0) if (l ~ /Queries completed:/) { split(l, a, " "); n = a[3] }
    if (n > 0) printf "usr_us_q=%.2f sys_us_q=%.2f", u / c / n * 1e6, s / c / n * 1e6; else printf "usr_us_q=nan sys_us_q=nan" }')"
  printf 'tput\t%s\tq%s\t%s\t%s\n' "$t" "$q" "$rep" "$line" >>"$OUT/raw.tsv"; log "  $t q$q rep$rep: $line"
done; done; done

[ "$LAT_REPS" -gt 0 ] && log "latency: dnsperf -v -Q$LAT_QPS -q100 -l$LAT_DUR, percentiles of per-query latency"
for rep in $(seq "$LAT_REPS"); do for t in $TARGETS; do
  wait_quiet
  f="$OUT/lat-$t-$rep.txt"; g0=$(gc_lines $t); b0=$(busy); s0=$(steal); T0=$(date +%s.%N)
  taskset -c "$CLI_CPU" "${PRIO[@]}" timeout $((LAT_DUR + 15)) dnsperf -s 127.0.0.1 -p ${PORT[$t]} -d "$RUN/queries.txt" \
    -l "$LAT_DUR" -c 1 -T 1 -q 100 -Q "$LAT_QPS" -v >"$f" 2>&1
  # all queries, and the allowed ones (NOERROR: the names dnsfilter-cached serves from its cache)
  line=$(python3 - "$f" <<'PY'
import sys
allq, ok = [], []
for l in open(sys.argv[1]):
    if l.startswith("> "):
        p = l.split(); v = float(p[-1]) * 1e6; allq.append(v)
        if p[1] == "NOERROR": ok.append(v)
def pct(a, p):
    a = sorted(a); return a[min(len(a) - 1, max(0, int(len(a) * p) - 1))] if a else float("nan")
print(f"n={len(allq)} p50_us={pct(allq,.5):.0f} p99_us={pct(allq,.99):.0f} p999_us={pct(allq,.999):.0f} "
      f"max_us={max(allq) if allq else float('nan'):.0f} allowed_p50_us={pct(ok,.5):.0f} allowed_p99_us={pct(ok,.99):.0f}")
PY
)
  b1=$(busy); s1=$(steal); T1=$(date +%s.%N)
  line="$line $(dnsperf_line "$f") $(other_cpu $b0 $b1 $s0 $s1 $T0 $T1) $(load1)"
  [ "${t#dnsfilter}" != "$t" ] && line="$line $(gc_since $t $g0)"
  printf 'lat\t%s\tQ%s\t%s\t%s\n' "$t" "$LAT_QPS" "$rep" "$line" >>"$OUT/raw.tsv"; log "  $t lat rep$rep: $line"
  gzip -f "$f"
done; done

for t in dnsfilter-fwd dnsfilter-cached $( [ "$CMP" = 1 ] && echo dnsfilter-cmp); do
  port=$P_HTTP_FWD; [ "$t" = dnsfilter-cached ] && port=$P_HTTP_CACHED; [ "$t" = dnsfilter-cmp ] && port=$P_HTTP_CMP
  curl -s -m 5 "http://127.0.0.1:$port/metrics" >"$OUT/metrics-$t.txt" 2>/dev/null
done
stop_all

# ------------------------------------------------------------------ medians
python3 - "$OUT/raw.tsv" <<'PY' | tee "$OUT/summary.md"
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    kind, target, size, rep, kv = line.rstrip("\n").split("\t")
    d = dict(x.split("=", 1) for x in kv.split())
    rows[(kind, size, target)].append(d)
def med(ds, k):
    vals = [float(d[k]) for d in ds if k in d and d[k] not in ("", "nan")]
    return statistics.median(vals) if vals else float("nan")
targets = [t for t in ["dnsmasq-filter", "dnsfilter-fwd", "dnsfilter-cached", "dnsfilter-cmp"]
           if any(k[2] == t for k in rows)]
sizes = sorted({s for (k, s, t) in rows if k == "tput"}, key=lambda s: -int(s[1:]))
print("| throughput (median of reps) | " + " | ".join(targets) + " |")
print("|---|" + "---:|" * len(targets))
for s in sizes:
    base = med(rows[("tput", s, "dnsmasq-filter")], "qps")
    print(f"| QPS, {s[1:]} outstanding | " + " | ".join(
        f"{med(rows[('tput', s, t)], 'qps'):,.0f} ({med(rows[('tput', s, t)], 'qps') / base:.2f}x)" for t in targets) + " |")
    print(f"| avg latency, {s[1:]} outstanding (us) | " + " | ".join(f"{med(rows[('tput', s, t)], 'avg_us'):,.0f}" for t in targets) + " |")
    print(f"| lost queries, {s[1:]} outstanding (sum) | " + " | ".join(str(sum(int(d.get('lost', 0)) for d in rows[('tput', s, t)])) for t in targets) + " |")
    print(f"| server CPU %, {s[1:]} outstanding | " + " | ".join(f"{med(rows[('tput', s, t)], 'srv_cpu'):.0f}" for t in targets) + " |")
    print(f"| filter CPU per query, user + system (us), {s[1:]} outstanding | " + " | ".join(
        f"{med(rows[('tput', s, t)], 'usr_us_q'):.2f} + {med(rows[('tput', s, t)], 'sys_us_q'):.2f}" for t in targets) + " |")
for s in sizes:
    reps = {t: rows[("tput", s, t)] for t in targets}
    ratios = [f"{float(c['qps']) / float(b['qps']):.2f}x" if float(b['qps']) > 0 else "n/a (peer answered nothing)"
              for b, c in zip(reps["dnsmasq-filter"], reps["dnsfilter-cached"])]
    print(f"| dnsfilter-cached / dnsmasq-filter per rep, {s[1:]} outstanding | {', '.join(ratios)} | | |")
lat = [k for k in rows if k[0] == "lat"]
if lat:
    s = lat[0][1]
    print(f"| latency at {s[1:]} q/s: p50 / p99 / p99.9 (us) | " + " | ".join(
        f"{med(rows[('lat', s, t)], 'p50_us'):,.0f} / {med(rows[('lat', s, t)], 'p99_us'):,.0f} / {med(rows[('lat', s, t)], 'p999_us'):,.0f}" for t in targets) + " |")
    print(f"| allowed names only: p50 / p99 (us) | " + " | ".join(
        f"{med(rows[('lat', s, t)], 'allowed_p50_us'):,.0f} / {med(rows[('lat', s, t)], 'allowed_p99_us'):,.0f}" for t in targets) + " |")
    print(f"| lost queries in latency runs (sum) | " + " | ".join(str(sum(int(d.get('lost', 0)) for d in rows[('lat', s, t)])) for t in targets) + " |")
    print(f"| allowed names p99 per rep (us) | " + " | ".join(", ".join(d['allowed_p99_us'] for d in rows[('lat', s, t)]) for t in targets) + " |")
    print(f"| machine busy / stolen by the host during each latency rep (% of a core, of 200) | " + " | ".join(", ".join(d.get('busy_all', '?') + "/" + d.get('steal', '?') for d in rows[('lat', s, t)]) for t in targets) + " |")
def gcsum(kind, t, k):
    return sum(int(d.get(k, 0)) for key, ds in rows.items() if key[0] == kind and key[2] == t for d in ds)
def secs(kind, t):
    return sum(float(d.get('sent', 0)) / max(1.0, float(d.get('qps', 1))) for key, ds in rows.items() if key[0] == kind and key[2] == t for d in ds)
for kind in ("tput", "lat"):
    if any(k[0] == kind for k in rows):
        print(f"| {kind}: young / full GCs, safepoints, pause ms (sum; young GCs per minute) | " + " | ".join(
            "" if not t.startswith("dnsfilter") else
            f"{gcsum(kind, t, 'young')} / {gcsum(kind, t, 'full')}, {gcsum(kind, t, 'safepoints')}, "
            f"{sum(float(d.get('pause_ms', 0)) for key, ds in rows.items() if key[0] == kind and key[2] == t for d in ds):.1f} "
            f"({gcsum(kind, t, 'young') / max(1e-9, secs(kind, t)) * 60:.1f}/min)" for t in targets) + " |")
PY
log "results in $OUT"
