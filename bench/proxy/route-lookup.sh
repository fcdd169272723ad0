#!/usr/bin/env bash
# Route lookup (Host classification + route table) with 10, 1,000 and 100,000 running tools (JMH). ~1 minute.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B install -DskipTests -pl launcher -am
mvn -q -B -pl proxy test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt \
  -Dmdep.includeScope=test
cp="proxy/target/test-classes:proxy/target/classes:$(cat proxy/target/bench-classpath.txt)"
exec timeout 600 java -cp "$cp" org.openjdk.jmh.Main RouteLookupBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s "$@"
