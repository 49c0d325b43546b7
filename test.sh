#!/usr/bin/env bash
# Runs every test of Stevedore (unit, conformance, integration). Arguments go to Maven,
# e.g. ./test.sh -pl stevedore-core -Dtest=ParserTest
#
# The full run needs root and the system tools of tools/prerequisites.sh, which it installs
# first when they are missing; a test whose prerequisite is missing fails with the sentence that
# says how to get it. `./test.sh -Dstevedore.tests=unprivileged` is the partial run, for a
# machine without them: only the tests that need neither root nor system tools run, the others
# are skipped, and its last line says so.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/java.sh
. "$here/tools/java.sh"
stevedore_find_java || exit 1
cd "$here"

partial=
for arg in "$@"; do
    [ "$arg" = -Dstevedore.tests=unprivileged ] && partial=1
done
if [ -n "$partial" ]; then
    tools/prerequisites.sh build
    started=$(mktemp)
    trap 'rm -f "$started"' EXIT
    status=0
    mvn -B verify -Dstevedore.dist.skip=true "$@" || status=$?
    # The skipped tests of this run: the reports it wrote.
    skipped=$(find . -path '*/target/surefire-reports/TEST-*.xml' -newer "$started" -exec grep -ho -m1 '<testsuite [^>]*>' {} + |
        sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
    echo "test.sh: a partial run (-Dstevedore.tests=unprivileged): $skipped tests were skipped, those that need root or system tools (and the conformance tests, without ../shared/conformance); ./test.sh as root runs them all."
    exit "$status"
fi
if [ "$(id -u)" != 0 ]; then
    echo "test.sh: the full run needs root (overlay mounts, runc, file owners): run it as root (sudo ./test.sh), or ./test.sh -Dstevedore.tests=unprivileged for only the tests that need neither root nor system tools." >&2
    exit 1
fi
tools/prerequisites.sh build tests
exec mvn -B verify -Dstevedore.dist.skip=true "$@"
