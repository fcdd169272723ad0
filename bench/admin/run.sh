#!/usr/bin/env bash
# Admin listing benchmark: 10,000 users and 100,000 audit events in a throwaway embedded PostgreSQL, listed through
# the HTTP API (keyset pages, search, filters) against OFFSET pagination of the same rows on the same server, in the
# same run. Bounded: about a minute (hard limit 10 minutes). Usage: bench/admin/run.sh [requests-per-cell, default 200]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -pl launcher test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
cp="launcher/target/classes:launcher/target/test-classes:$(cat launcher/target/bench-classpath.txt)"
exec timeout 600 java -Dlogback.configurationFile=bench/admin/logback-quiet.xml -cp "$cp" \
  io.dataworkspace.launcher.api.AdminListingBenchmark "${1:-200}"
