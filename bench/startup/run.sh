#!/usr/bin/env bash
# The fixed cost of a command: `stevedore --version`, `parse` and `images` (an empty store), each
# run $REPS times through the launcher, with the median wall-clock and CPU (user + sys) seconds.
# CPU time is what to compare on a loaded machine; wall time is what a user feels on a quiet one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stevedore=${STEVEDORE:-$here/../../stevedore}
reps=${REPS:-7}
work=$(mktemp -d /tmp/stevedore-bench-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT
printf 'FROM busybox AS build\nRUN echo hi > /hi\nFROM scratch\nCOPY --from=build /hi /\n' > "$work/Dockerfile"
"$stevedore" --version > /dev/null   # builds the jar if stale, warms the page cache

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() {
    local name=$1; shift
    local i
    : > "$work/times"
    for ((i = 0; i < reps; i++)); do
        /usr/bin/time -a -o "$work/times" -f '%e %U %S' "$@" > /dev/null 2>&1
    done
    printf '| `%s` | %s | %s |\n' "$name" \
        "$(awk '{ print $1 }' "$work/times" | median)" \
        "$(awk '{ print $2 + $3 }' "$work/times" | median)"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo '| command | wall s (median) | user+sys s (median) |'
echo '|---|---|---|'
measure 'stevedore --version' "$stevedore" --version
measure 'stevedore parse' "$stevedore" parse -f "$work/Dockerfile"
measure 'stevedore images' "$stevedore" images --root "$work/store"
measure 'stevedore --help' "$stevedore" --help
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
