#!/usr/bin/env bash
# s3sync vs rclone sync against the same local S3 server (S3Proxy, filesystem store), in one run.
#   bench/s3sync/run.sh                     # 10,000 small files + one 1 GiB file + close-to-visible latency
#   SMALL_FILES=2000 BIG_MIB=256 bench/s3sync/run.sh   # a shorter run
#   TESTS=small SMALL_REPS=1 bench/s3sync/run.sh        # only the small files (TESTS: big small latency)
#   CONTENDERS=s TESTS=small SMALL_REPS=1 S3SYNC_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/s3sync.jfr,settings=profile" \
#     bench/s3sync/run.sh                                # profile s3sync alone (JFR), no rclone runs
# Every cell reports wall time and the CPU seconds of the client and of S3Proxy (steadier than wall time on a
# shared machine). Figures and their reading: docs/benchmarks.md (section "s3sync").
# Needs: Debian package rclone, a JDK 17, Maven; builds sidecars/s3sync if its jar is missing.
# Every step is bounded by `timeout`; all data lives under $WORK (in /tmp) and is deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
SMALL_FILES=${SMALL_FILES:-10000}
SMALL_BYTES=${SMALL_BYTES:-4096}
BIG_MIB=${BIG_MIB:-1024}
CONCURRENCY=${CONCURRENCY:-16}
PROBES=${PROBES:-40}
SMALL_REPS=${SMALL_REPS:-2}         # small-file repetitions, alternating the order of the three runs
CONTENDERS=${CONTENDERS:-rd rt s}   # small files: rclone defaults, rclone tuned, s3sync (a subset to profile one)
STEP_TIMEOUT=${STEP_TIMEOUT:-600}
TESTS=${TESTS:-big small latency}   # a subset, e.g. TESTS=small
S3SYNC_JAVA_OPTS=${S3SYNC_JAVA_OPTS:-}  # extra JVM options for the measured s3sync, e.g. -XX:StartFlightRecording=...
PORT=${PORT:-18480}
STATUS_PORT=${STATUS_PORT:-18481}
WORK=${WORK:-$(mktemp -d /tmp/s3sync-bench.XXXXXX)}
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret AWS_REGION=us-east-1
PIDS=()

command -v rclone >/dev/null || { echo "rclone is missing: apt-get install -y rclone" >&2; exit 1; }
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

JAR=sidecars/s3sync/target/s3sync.jar
[ -f "$JAR" ] || timeout 900 mvn -q -B -pl sidecars/s3sync package -DskipTests
CP_FILE=$WORK/cp.txt
timeout 300 mvn -q -B -pl sidecars/s3sync dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP=$(cat "$CP_FILE")

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b-a}'; }

# --- the S3 server --------------------------------------------------------------------------
mkdir -p "$WORK/store/bench"
cat > "$WORK/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
s3proxy.ignore-unknown-headers=true
s3proxy.jetty.max-threads=64
jclouds.provider=filesystem-nio2
jclouds.identity=$AWS_ACCESS_KEY_ID
jclouds.credential=$AWS_SECRET_ACCESS_KEY
jclouds.filesystem.basedir=$WORK/store
CONF
java -Xmx1g -cp "$CP" org.gaul.s3proxy.Main --properties "$WORK/s3proxy.conf" >"$WORK/s3proxy.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done

cat > "$WORK/rclone.conf" <<CONF
[local-s3]
type = s3
provider = Other
access_key_id = $AWS_ACCESS_KEY_ID
secret_access_key = $AWS_SECRET_ACCESS_KEY
endpoint = http://127.0.0.1:$PORT
region = us-east-1
force_path_style = true
CONF
# AWS_CA_BUNDLE (set on some machines) breaks Debian's rclone 1.60 even for plain http: drop it for rclone
RCLONE=(env -u AWS_CA_BUNDLE rclone --config "$WORK/rclone.conf" --s3-no-check-bucket)

# --- data -----------------------------------------------------------------------------------
echo "generating $SMALL_FILES files of $SMALL_BYTES bytes and (for TESTS=big) one file of $BIG_MIB MiB under $WORK" >&2
python3 - "$WORK/small" "$SMALL_FILES" "$SMALL_BYTES" <<'PY'
import os, sys
root, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    d = os.path.join(root, "d%03d" % (i // 100))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d.bin" % i), "wb") as f:
        f.write(os.urandom(size))
PY
mkdir -p "$WORK/big"
case " $TESTS " in *" big "*) head -c $((BIG_MIB * 1024 * 1024)) /dev/urandom > "$WORK/big/big.bin" ;; esac

# --- runners --------------------------------------------------------------------------------
# Each runner prints "seconds client-CPU-seconds server-CPU-seconds": on a shared 2-core machine the wall time
# swings with the other builds, the CPU each side spends per file much less.
S3PROXY=${PIDS[0]}
. "$REPO/bench/lib/proc-cpu.sh"   # proc_cpu_total: user + kernel CPU of a process in clock ticks (0 once it is gone)
HZ=$(getconf CLK_TCK)
cpus() { awk -v a="$1" -v b="$2" -v hz="$HZ" 'BEGIN{printf "%.1f", (b-a)/hz}'; }
# CPU of this shell's finished children as bash's `times` reports it (second line: "XmY.YYYs XmY.YYYs"), in
# seconds; `times` must run in the calling shell itself (a $(...) would be a new process with no children)
child_cpu() { awk 'NR==2 {n=0; for (i=1;i<=2;i++) {split($i,a,/[ms]/); n+=a[1]*60+a[2]} printf "%.1f", n}' "$1"; }

run_rclone() { # $1 source dir, $2 prefix, extra flags... (runs in its own subshell: `times` sees only rclone)
  local src=$1 prefix=$2; shift 2
  local t0 s0; t0=$(now); s0=$(proc_cpu_total "$S3PROXY")
  timeout "$STEP_TIMEOUT" "${RCLONE[@]}" sync "$src" "local-s3:bench/$prefix" "$@" >&2 || { echo "rclone failed" >&2; return 1; }
  local t1 s1; t1=$(now); s1=$(proc_cpu_total "$S3PROXY")
  local tf=$WORK/times.$BASHPID   # (read before any $(...): each has its own BASHPID)
  times >"$tf"
  echo "$(secs "$t0" "$t1") $(child_cpu "$tf") $(cpus "$s0" "$s1")"
}

metric() { curl -s "http://127.0.0.1:$STATUS_PORT/metrics" | awk -v m="$1" '$1==m {print $2}'; }

health() { curl -s "http://127.0.0.1:$STATUS_PORT/healthz"; }

wait_uploads() { # $1 pid, $2 expected uploads, $3 log — polls the cheap /healthz, reads /metrics once idle
  local pid=$1 expect=$2 log=$3 deadline=$((SECONDS + STEP_TIMEOUT)) n
  while :; do
    if health | grep -q '"status":"ok".*"pending":0}'; then
      n=$(metric 'dataworkspace_s3sync_files_total{operation="upload"}'); n=${n%.*}; n=${n:-0}
      [ "$n" -ge "$expect" ] && return 0
    fi
    [ $SECONDS -gt $deadline ] && { echo "s3sync: timed out" >&2; return 1; }
    kill -0 "$pid" 2>/dev/null || { echo "s3sync exited early:" >&2; cat "$log" >&2; return 1; }
    sleep 0.2   # (the probe itself costs CPU: a curl every 0.2 s, so at most 0.2 s added to the figure)
  done
}

run_s3sync() { # $1 folder (a copy, the sidecar writes .s3sync/ in it), $2 prefix, $3 expected uploads
  local dir=$1 prefix=$2 expect=$3 log=$WORK/s3sync-${2%/}.log rc=0
  local t0 s0; t0=$(now); s0=$(proc_cpu_total "$S3PROXY")
  S3SYNC_LOCAL_DIR=$dir S3SYNC_BUCKET=bench S3SYNC_PREFIX=$prefix S3SYNC_ENDPOINT=http://127.0.0.1:$PORT \
    S3SYNC_HTTP_PORT=$STATUS_PORT S3SYNC_HTTP_HOST=127.0.0.1 S3SYNC_CONCURRENCY=$CONCURRENCY S3SYNC_REGION=us-east-1 \
    java -XX:+UseSerialGC $S3SYNC_JAVA_OPTS -jar "$REPO/$JAR" >"$log" 2>&1 &
  local pid=$!
  wait_uploads "$pid" "$expect" "$log" || rc=1
  local t1 s1 c; t1=$(now); s1=$(proc_cpu_total "$S3PROXY"); c=$(proc_cpu_total "$pid")
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true   # (runs in a subshell: stop it here, always)
  [ $rc -eq 0 ] && echo "$(secs "$t0" "$t1") $(cpus 0 "$c") $(cpus "$s0" "$s1")"
  return $rc
}

has() { case " $TESTS " in *" $1 "*) return 0;; *) return 1;; esac; }

# the copies given to s3sync (it keeps its state folder inside the synced folder): a fresh copy per
# repetition, made before any timing, with the same old mtimes as the originals
for r in $(seq "$SMALL_REPS"); do cp -a "$WORK/small" "$WORK/small-s3sync-$r"; done
cp -a "$WORK/big" "$WORK/big-s3sync"
DIRS=$(find "$WORK/small" -mindepth 1 -type d | wc -l)
T_BIG_RCLONE="- - -"; T_BIG_RCLONE16="- - -"; T_BIG_S3SYNC="- - -"

if has big; then
  echo "1 GiB file..." >&2
  T_BIG_RCLONE=$(run_rclone "$WORK/big" rclone-big/) || exit 1
  T_BIG_RCLONE16=$(run_rclone "$WORK/big" rclone-big16/ --s3-upload-concurrency "$CONCURRENCY" --s3-chunk-size 16M) || exit 1
  T_BIG_S3SYNC=$(run_s3sync "$WORK/big-s3sync" s3sync-big/ 1) || exit 1
fi

SMALL_ROWS=()
if has small; then
  for r in $(seq "$SMALL_REPS"); do
    echo "small files, repetition $r..." >&2
    # alternate the order (ABC, CBA, ...) so that neither side always runs on the warmer or fuller server
    if [ $((r % 2)) = 1 ]; then order=$CONTENDERS; else order=$(echo "$CONTENDERS" | awk '{for (i=NF;i>0;i--) printf "%s%s", $i, (i>1?" ":"")}'); fi
    a="- - -"; b="- - -"; c="- - -"
    for who in $order; do
      case $who in
        rd) a=$(run_rclone "$WORK/small" "rclone-small-$r/") || exit 1 ;;
        rt) b=$(run_rclone "$WORK/small" "rclone-small16-$r/" --transfers "$CONCURRENCY" --checkers "$CONCURRENCY") || exit 1 ;;
        # s3sync also uploads its folder markers; done = all files uploaded and nothing pending
        s) c=$(run_s3sync "$WORK/small-s3sync-$r" "s3sync-small-$r/" "$SMALL_FILES") || exit 1 ;;
      esac
    done
    SMALL_ROWS+=("$r|$order|$a|$b|$c")
  done
fi

LAT=-; T_READY=-
if has latency; then
  echo "close-to-visible latency..." >&2
  mkdir -p "$WORK/live"
  S3SYNC_LOCAL_DIR=$WORK/live S3SYNC_BUCKET=bench S3SYNC_PREFIX=live/ S3SYNC_ENDPOINT=http://127.0.0.1:$PORT \
    S3SYNC_HTTP_PORT=$STATUS_PORT S3SYNC_HTTP_HOST=127.0.0.1 S3SYNC_REGION=us-east-1 \
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$REPO/$JAR" >"$WORK/s3sync-live.log" 2>&1 &
  LIVE=$!
  PIDS+=($LIVE)
  T_READY0=$(now)
  for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$STATUS_PORT/healthz" && break; sleep 0.02; done
  T_READY=$(secs "$T_READY0" "$(now)")
  LAT=$(S3SYNC_LOG_LEVEL=WARN timeout "$STEP_TIMEOUT" java -Dlogback.configurationFile="$REPO/sidecars/s3sync/src/main/resources/logback.xml" -cp "$CP" bench/s3sync/Latency.java "$WORK/live" "http://127.0.0.1:$PORT" bench live/ "$PROBES")
  kill "$LIVE"; wait "$LIVE" 2>/dev/null || true
fi

mbps() { awk -v mib="$1" -v s="$2" 'BEGIN{printf "%.0f", mib/s}'; }
fps() { awk -v n="$1" -v s="$2" 'BEGIN{printf "%.0f", n/s}'; }
SMALL_MIB=$(awk -v n="$SMALL_FILES" -v b="$SMALL_BYTES" 'BEGIN{printf "%.1f", n*b/1048576}')

echo
echo "## s3sync vs rclone sync — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg)), S3Proxy 4.1.0 filesystem store on 127.0.0.1"
echo
echo "Each cell: seconds (files/s or MiB/s) and, in brackets, CPU seconds spent by the client / by S3Proxy."
echo
echo "| test | rclone (defaults) | rclone (--transfers/--s3-upload-concurrency $CONCURRENCY) | s3sync (concurrency $CONCURRENCY) | s3sync vs best rclone: time, client CPU, client+server CPU |"
echo "|---|---:|---:|---:|---:|"
cell() { # "secs client server" rate-function amount
  set -- $1 "$2" "$3"
  echo "$1 ($($4 "$5" "$1")) [$2 / $3]"
}
ratios() { # three triples: rclone defaults, rclone tuned, s3sync → best-rclone/s3sync for time, client CPU, total CPU
  awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN{split(a,x," "); split(b,y," "); split(c,z," ");
    t=(x[1]<y[1])?x[1]:y[1]; u=(x[2]<y[2])?x[2]:y[2]; v=((x[2]+x[3])<(y[2]+y[3]))?(x[2]+x[3]):(y[2]+y[3]);
    printf "%.2f× / %.2f× / %.2f×", t/z[1], (z[2]>0)?u/z[2]:0, v/(z[2]+z[3])}'
}
for row in "${SMALL_ROWS[@]:-}"; do
  [ -n "$row" ] || continue
  IFS='|' read -r r o a b c <<<"$row"
  echo "| $SMALL_FILES files × $SMALL_BYTES B ($SMALL_MIB MiB), rep $r ($o) | $(cell "$a" fps "$SMALL_FILES") | $(cell "$b" fps "$SMALL_FILES") | $(cell "$c" fps "$SMALL_FILES") | $(ratios "$a" "$b" "$c") |"
done
if has big; then
  echo "| one $BIG_MIB MiB file | $(cell "$T_BIG_RCLONE" mbps "$BIG_MIB") | $(cell "$T_BIG_RCLONE16" mbps "$BIG_MIB") | $(cell "$T_BIG_S3SYNC" mbps "$BIG_MIB") | $(ratios "$T_BIG_RCLONE" "$T_BIG_RCLONE16" "$T_BIG_S3SYNC") |"
fi
echo
echo "s3sync close-to-visible ($PROBES files, written and closed one at a time): $LAT"
echo "s3sync start to healthy (JVM start, S3 client, first listing): ${T_READY} s"
echo "s3sync times include JVM start, the initial listing and (small files) $DIRS folder markers."
