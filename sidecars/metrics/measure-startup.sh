#!/usr/bin/env bash
# Measures the metrics sidecar's start-up (process start -> first 200 from /healthz, which fetches
# /task from a fake metadata endpoint) and its RSS after SCRAPES scrapes of /metrics and /cpu.
# Also prints the CPU time the JVM used until ready (less sensitive to a busy machine than wall
# time) and, as a yardstick measured in the same run, how long `java -version` takes.
# Usage: sidecars/metrics/measure-startup.sh [RUNS] [extra JVM options...]
#   CDS=1 first makes an AppCDS archive with a training run (-XX:ArchiveClassesAtExit), then
#   measures with -XX:SharedArchiveFile: what a container image can ship.
# Needs python3 and curl; uses loopback ports 18779 (fake endpoint) and 19779 (sidecar).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${1:-5}"; shift || true
jar="$here/target/metrics-sidecar.jar"
[ -f "$jar" ] || { echo "build first: mvn -q -B -pl sidecars/metrics package" >&2; exit 1; }
scrapes="${SCRAPES:-50}"
work="$(mktemp -d)"
cat > "$work/fake.py" <<PY
import http.server
R="$here/src/test/resources/ecs/"
task=open(R+"fargate-task.json","rb").read(); stats=open(R+"fargate-task-stats.json","rb").read()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version="HTTP/1.1"
    def do_GET(self):
        b = task if self.path.endswith("/task") else stats if self.path.endswith("/task/stats") else None
        if b is None:
            self.send_response(404); self.send_header("Content-Length","0"); self.end_headers(); return
        self.send_response(200); self.send_header("Content-Type","application/json")
        self.send_header("Content-Length",str(len(b))); self.end_headers(); self.wfile.write(b)
    def log_message(self,*a): pass
http.server.ThreadingHTTPServer(("127.0.0.1",18779),H).serve_forever()
PY
python3 "$work/fake.py" & fake=$!
trap 'kill $fake 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:18779/v4/x/task && break; sleep 0.05; done
opts=("$@")
if [ "${CDS:-0}" = 1 ]; then
  ECS_CONTAINER_METADATA_URI_V4=http://127.0.0.1:18779/v4/x METRICS_PORT=19779 METRICS_LISTEN_HOST=127.0.0.1 \
    ACCESS_LOG_LEVEL=WARN java "${opts[@]}" -XX:ArchiveClassesAtExit="$work/app.jsa" -jar "$jar" > "$work/train.log" 2>&1 & pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:19779/healthz; do sleep 0.05; done
  for _ in $(seq 1 5); do curl -sf -o /dev/null http://127.0.0.1:19779/metrics; curl -sf -o /dev/null http://127.0.0.1:19779/cpu; done
  kill $pid; wait $pid 2>/dev/null || true
  opts+=("-XX:SharedArchiveFile=$work/app.jsa")
  echo "AppCDS archive: $(du -h "$work/app.jsa" | cut -f1)"
fi
tick=$(getconf CLK_TCK)
for i in $(seq 1 "$runs"); do
  v0=$(date +%s%N); java -version >/dev/null 2>&1; jv=$(( ($(date +%s%N) - v0) / 1000000 ))
  start=$(date +%s%N)
  ECS_CONTAINER_METADATA_URI_V4=http://127.0.0.1:18779/v4/x METRICS_PORT=19779 METRICS_LISTEN_HOST=127.0.0.1 \
    ACCESS_LOG_LEVEL=WARN java "${opts[@]}" -jar "$jar" > "$work/run.log" 2>&1 & pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:19779/healthz; do
    kill -0 $pid 2>/dev/null || { cat "$work/run.log"; exit 1; }
    sleep 0.005
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  cpu=$(awk -v t="$tick" '{print int(($14 + $15) * 1000 / t)}' /proc/$pid/stat)
  for _ in $(seq 1 "$scrapes"); do curl -sf -o /dev/null http://127.0.0.1:19779/metrics; curl -sf -o /dev/null http://127.0.0.1:19779/cpu; done
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null || true
  echo "run $i: ready in ${ready} ms (JVM CPU ${cpu} ms; java -version took ${jv} ms); RSS after ${scrapes} scrapes: $((rss / 1024)) MiB"
done
