#!/usr/bin/env bash
# Spawn throughput and control-plane overhead of the launcher (local backend, trivial Python tool), for 1, 10 and
# 100 concurrent users, against the same tool started directly. Bounded: a few minutes. Needs python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B install -DskipTests -pl launcher -am
mvn -q -B -pl launcher test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
cp="launcher/target/classes:launcher/target/test-classes:$(cat launcher/target/bench-classpath.txt)"
exec timeout 900 java -cp "$cp" io.dataworkspace.launcher.bench.SpawnBenchmark
