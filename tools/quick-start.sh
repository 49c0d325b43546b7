#!/usr/bin/env bash
# The README's quick start, one command on a fresh Debian machine (as root, with a Java 25):
# installs the prerequisites, builds Stevedore, makes the stand-in bases golang:1.20 and
# alpine:latest in a local registry, builds the classic Go multi-stage example with its report
# and runs what it made. Each step says what it does; the long silent ones (the first jar build,
# debootstrap) say every 20 s how long they have taken. Environment: EXAMPLES_REGISTRY (the
# stand-ins' registry, default 127.0.0.1:5000), STEVEDORE_ROOT (the store).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
registry=${EXAMPLES_REGISTRY:-127.0.0.1:5000}
# shellcheck source=heartbeat.sh
. "$here/heartbeat.sh"
cd "$repo"

say() { echo "quick-start: $*" >&2; }

[ "$(id -u)" = 0 ] || { say "needs root (apt-get, debootstrap, overlay mounts, runc): run sudo $0"; exit 1; }
say "1/5 the Debian packages of the build and the examples (tools/prerequisites.sh build examples)"
tools/prerequisites.sh build examples
say "2/5 building Stevedore's jar with Maven (the first time a few minutes: Maven downloads its plugins)"
log=$(mktemp "${TMPDIR:-/tmp}/stevedore-quick-start.XXXXXX")
if ! heartbeat "quick-start: building the jar" "$log" ./stevedore --version; then
    tail -n 30 "$log" >&2
    say "building Stevedore failed; its output: $log"
    exit 1
fi
rm -f "$log"
say "3/5 stand-ins for golang:1.20 and alpine:latest on $registry (examples/bases/make.sh golang alpine)"
examples/bases/make.sh golang alpine
say "4/5 building examples/go with --report, its bases through the mirror http://$registry"
./stevedore build --report --registry-mirror "http://$registry" -t hello examples/go
say "5/5 running it (./stevedore run hello)"
./stevedore run hello
