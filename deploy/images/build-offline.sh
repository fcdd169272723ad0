#!/bin/bash
# Builds the four platform images with the `images` Maven profile (jib:buildTar) on a locally made base image,
# with no registry and no Docker daemon, then checks and runs each one (check-image.py) and rebuilds them to show
# the digests do not change (reproducible layers). When Debian's docker-registry is installed, also pushes them
# with jib:build to a throwaway registry on 127.0.0.1 and checks the registry serves the same digests.
#
#   deploy/images/build-offline.sh            (from the repository root; root needed for chroot; ~3 min)
#   COMPILE=0 deploy/images/build-offline.sh  (use the modules' existing target/classes, no `package`)
#
# Needs the Debian packages mmdebstrap (only when deploy/images/target/jre17-base.tar is missing) and python3;
# docker-registry optional.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=deploy/images/target
base=$PWD/$out/jre17-base.tar
modules=proxy,dnsfilter,sidecars/s3sync,sidecars/metrics
mkdir -p "$out"

[ -f "$base" ] || deploy/images/make-local-base.sh "$base"

build() {
  local goals=(com.google.cloud.tools:jib-maven-plugin:3.5.1:buildTar)
  [ "${COMPILE:-1}" = 1 ] && [ "$1" = first ] && goals=(-am -DskipTests package "${goals[@]}")
  mvn -B -q -Pimages -pl "$modules" "${goals[@]}" -Dimage.base="tar://$base"
}
digests() {
  for m in proxy dnsfilter sidecars/s3sync sidecars/metrics; do
    echo "$m $(cat $m/target/jib-image.digest)"
  done
}

echo "build-offline: building the images on $base"
build first
first=$(digests)

check=deploy/images/check-image.py
python3 $check proxy/target/dataworkspace-image.tar --user 65532:65532 --ports 8080,8081 \
  --main io.dataworkspace.server.Main --env DATA_DIR=/tmp/dataworkspace --env PROXY_HOST=0.0.0.0 \
  --run-env DATABASE_URL=jdbc:postgresql://127.0.0.1:1/dataworkspace --run-exit 1 --expect "dataworkspace: cannot start"
python3 $check dnsfilter/target/dnsfilter-image.tar --user 65532:65532 --ports 5353/udp,5353/tcp,8053 \
  --main io.dataworkspace.dnsfilter.Main --env DNSFILTER_DNS_PORT=5353 \
  --copy deploy/images/test-rules.yml:/tmp/rules.yml --run-env DNSFILTER_RULES_FILE=/tmp/rules.yml \
  --run-env DNSFILTER_UPSTREAMS=127.0.0.1:1 --run-env DNSFILTER_DNS_PORT=15353 --run-env DNSFILTER_HTTP_PORT=18053 \
  --run-url http://127.0.0.1:18053/metrics --expect "dataworkspace_dnsfilter_queries_total"
python3 $check sidecars/s3sync/target/s3sync-image.tar --user 65532:65532 --ports 8889 \
  --main io.dataworkspace.s3sync.Main --run-exit 2 --expect "S3SYNC_"
python3 $check sidecars/metrics/target/metrics-image.tar --user 65532:65532 --ports 9779 \
  --main io.dataworkspace.metrics.Main \
  --run-env ECS_CONTAINER_METADATA_URI_V4=http://127.0.0.1:1 --run-env METRICS_PORT=19779 \
  --run-url http://127.0.0.1:19779/metrics --expect "dataworkspace_metrics_sidecar_metadata_up 0" --health 19779

echo "build-offline: rebuilding to compare digests"
build second
second=$(digests)
if [ "$first" != "$second" ]; then
  echo "build-offline: FAILED: the images are not reproducible:" >&2
  diff <(echo "$first") <(echo "$second") >&2
  exit 1
fi
echo "build-offline: same digests on rebuild:"
echo "$second"

if command -v docker-registry >/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  reg=$(mktemp -d)
  printf 'version: 0.1\nlog: {level: warn}\nstorage: {filesystem: {rootdirectory: %s/data}}\nhttp: {addr: 127.0.0.1:%s}\n' \
    "$reg" "$port" > "$reg/config.yml"
  docker-registry serve "$reg/config.yml" > "$reg/registry.log" 2>&1 &
  registry_pid=$!
  trap 'kill $registry_pid 2>/dev/null; rm -rf "$reg"' EXIT
  for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
  echo "build-offline: pushing with jib:build to a throwaway registry on 127.0.0.1:$port"
  mvn -B -q -Pimages -pl "$modules" com.google.cloud.tools:jib-maven-plugin:3.5.1:build \
    -Dimage.base="tar://$base" -Dimage.registry="127.0.0.1:$port/dw" -Djib.allowInsecureRegistries=true
  version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
  for m in proxy:dataworkspace dnsfilter:dnsfilter sidecars/s3sync:s3sync sidecars/metrics:metrics; do
    served=$(curl -fsS -o /dev/null -D - -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
      "http://127.0.0.1:$port/v2/dw/${m##*:}/manifests/$version" \
      | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest" {print $2}')
    built=$(echo "$second" | awk -v m="${m%%:*}" '$1==m {print $2}')
    [ "$served" = "$built" ] || { echo "build-offline: FAILED: registry serves '$served' for ${m##*:}, the tarball is $built" >&2; exit 1; }
    echo "build-offline: registry serves ${m##*:}:$version as $served (= the tarball)"
  done
fi
echo "build-offline: OK"
