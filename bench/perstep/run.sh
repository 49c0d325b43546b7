#!/usr/bin/env bash
# Per-step store costs, counted rather than timed (see bench/RESULTS.md, "Per-step store costs"):
# syscalls (strace -c) and CPU time of a no-change rebuild and a one-RUN build on a 30-layer base.
# Usage: bench/perstep/run.sh [WORKDIR]   (root: RUN needs runc and overlay)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${1:-$(mktemp -d /tmp/perstep.XXXXXX)}
root="$work/store"
if [ -n "${STEVEDORE_JAR:-}" ]; then # a given build, e.g. a copy of the jar before a change
    sd=("${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java" --enable-native-access=ALL-UNNAMED -jar "$STEVEDORE_JAR" --root "$root")
else
    sd=("$here/stevedore" --root "$root")
fi
mkdir -p "$work/rootfs/bin" "$work/ctx"
cp /bin/busybox "$work/rootfs/bin/busybox"
ln -sf busybox "$work/rootfs/bin/sh"; ln -sf busybox "$work/rootfs/bin/true"
"${sd[@]}" import "$work/rootfs" perstep-base:0 >/dev/null
# 30 layers: the import and 29 COPYs of one small file each.
{ echo "FROM perstep-base:0"; for i in $(seq 1 29); do echo "COPY f$i /f$i"; done; } > "$work/ctx/Dockerfile.base"
for i in $(seq 1 29); do echo "$i" > "$work/ctx/f$i"; done
"${sd[@]}" build -q -f "$work/ctx/Dockerfile.base" -t perstep-base:30 "$work/ctx" >/dev/null
stamp() { printf 'FROM perstep-base:30\nRUN echo "%s" > /stamp\n' "$(date +%s%N)" > "$work/ctx/Dockerfile.run"; }
stamp
count() { # label, then the command
    local label=$1; shift
    local out="$work/strace-$label.txt"
    strace -f -c -o "$out" -e trace=fsync,fdatasync,mount,openat,rename "$@" >/dev/null 2>&1
    printf '%-16s' "$label"
    for call in fsync fdatasync mount openat rename; do
        printf ' %s=%s' "$call" "$(awk -v c=$call '$NF==c {n=$4} END {print n+0}' "$out")"
    done
    echo
}
cpu() { # label, then the command: user+sys seconds of the command and its children
    local label=$1; shift
    /usr/bin/time -o "$work/time-$label.txt" -f '%U %S' "$@" >/dev/null 2>&1
    printf '%-16s cpu(user+sys)=%s\n' "$label" "$(tail -1 "$work/time-$label.txt" | awk '{printf "%.2f s", $1+$2}')"
}
# a COPY --from another stage: its no-change rebuild is what mounted a view to hash the source
printf 'FROM perstep-base:30 AS tools\nRUN echo tool > /tool\nFROM perstep-base:30\nCOPY --from=tools /tool /tool\n' \
    > "$work/ctx/Dockerfile.from"
"${sd[@]}" build -q -f "$work/ctx/Dockerfile.from" -t perstep-from:1 "$work/ctx" >/dev/null
echo "load: $(cat /proc/loadavg)"
count from-no-change "${sd[@]}" build -q -f "$work/ctx/Dockerfile.from" -t perstep-from:1 "$work/ctx"
count one-run "${sd[@]}" build -q -f "$work/ctx/Dockerfile.run" -t perstep-run:1 "$work/ctx"
count no-change "${sd[@]}" build -q -f "$work/ctx/Dockerfile.run" -t perstep-run:1 "$work/ctx"
stamp
cpu one-run "${sd[@]}" build -q -f "$work/ctx/Dockerfile.run" -t perstep-run:1 "$work/ctx"
cpu no-change "${sd[@]}" build -q -f "$work/ctx/Dockerfile.run" -t perstep-run:1 "$work/ctx"
cpu from-no-change "${sd[@]}" build -q -f "$work/ctx/Dockerfile.from" -t perstep-from:1 "$work/ctx"
echo "load: $(cat /proc/loadavg)"
