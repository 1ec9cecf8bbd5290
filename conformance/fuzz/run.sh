#!/usr/bin/env bash
# The route fuzzer's longer run (the CI run sends each kind of bad request once per route):
# every kind ROUNDS times per route and per caller (admin, member, reader, nobody), from SEED,
# stopping at MAX_SECONDS. Starts its own cloud on free loopback ports, in-process, through Maven.
#   conformance/fuzz/run.sh [ROUNDS=3] [SEED=7] [MAX_SECONDS=1500]
# Prints the figures (requests, distinct routes, 5xx, framing errors) and every problem found;
# exits non-zero if there was one. The full report stays in server/target/route-fuzz.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
seed=${2:-7}
max=${3:-1500}
JAVA_HOME=${JAVA_HOME:-$(./altus --print-java-home)}
export JAVA_HOME
status=0
./mvnw -q -B -pl server -am verify -Dtest=RouteFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.rounds="$rounds" -Dfuzz.seed="$seed" -Dfuzz.seconds="$max" >/dev/null 2>&1 || status=$?
if [ ! -f server/target/route-fuzz.txt ]; then
  echo "fuzz: no report (the build failed before the fuzzer ran); run the Maven command by hand" >&2
  exit 1
fi
cat server/target/route-fuzz.txt
exit "$status"
