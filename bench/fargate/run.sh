#!/usr/bin/env bash
# ECS API cost and detection delay of the Fargate backend for N concurrent starts, against the fake ECS (rate
# limited like ECS), paced (the backend's defaults) vs naive (a DescribeTasks per status call) in the same run.
# Bounded: about a minute. STARTS (50), DESCRIBE_BURST (50) and DESCRIBE_RATE (20/s) can be set.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -pl launcher test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
cp="launcher/target/classes:launcher/target/test-classes:$(cat launcher/target/bench-classpath.txt)"
exec timeout 600 java -Dlogback.configurationFile=bench/fargate/logback-quiet.xml -cp "$cp" \
  io.dataworkspace.launcher.backend.fargate.FargateBenchmark
