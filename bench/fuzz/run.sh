#!/usr/bin/env bash
# The long fuzzing run of RELIABILITY.md: each Jazzer target of ReadersFuzzTest for its
# maxDuration (Jazzer fuzzes one target per JVM), then the seeded mutations scaled up.
# Usage: bench/fuzz/run.sh [target...]   (default: all); logs go to stevedore-core/target/fuzz-logs/.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../tools/java.sh
. "$here/tools/java.sh"
stevedore_find_java || exit 1
cd "$here"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dockerfile words ignore reference ociJson layer)
logs=stevedore-core/target/fuzz-logs
mvn -B -o -q -pl stevedore-core test-compile
mkdir -p "$logs"
for t in "${targets[@]}"; do
    echo "== $t"
    status=0
    mvn -B -o -Pfuzz -pl stevedore-core test -Dtest="ReadersFuzzTest#$t" -Dsurefire.failIfNoSpecifiedTests=false \
        >"$logs/$t.log" 2>&1 || status=$?
    # libFuzzer's last status line: inputs tried (#N), coverage, corpus, executions per second
    grep -E '^#[0-9]+' "$logs/$t.log" | tail -1 || true
    grep -E 'DONE|Done [0-9]+ runs' "$logs/$t.log" | tail -1 || true
    [ "$status" -eq 0 ] || echo "   FAILED ($status): see $logs/$t.log"
done
if [ -z "${FUZZ_SKIP_MUTATIONS:-}" ]; then
    echo "== seeded mutations x${FUZZ_SCALE:-20}"
    mvn -B -o -pl stevedore-core test -Dtest=ReadersMutationTest -Dsurefire.failIfNoSpecifiedTests=false \
        -Dstevedore.fuzz.scale="${FUZZ_SCALE:-20}" >"$logs/mutations.log" 2>&1 || echo "   FAILED: see $logs/mutations.log"
    grep -E 'Tests run:' "$logs/mutations.log" | tail -1
fi
