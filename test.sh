#!/usr/bin/env bash
# Runs every test of Stevedore (unit, conformance, integration). Arguments go to Maven,
# e.g. ./test.sh -pl stevedore-core -Dtest=ParserTest
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/java.sh
. "$here/tools/java.sh"
stevedore_find_java || exit 1
cd "$here"
exec mvn -B verify "$@"
