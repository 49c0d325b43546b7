#!/usr/bin/env bash
# A RUN printing 32 MiB (524,288 lines of 64 bytes) built with --no-cache under each progress
# mode, standard error going to a file (or /dev/null), next to the same RUN sending its output to
# /dev/null inside the container: the difference is what our log handling costs.
# Needs root (overlay, runc) and /bin/busybox (busybox-static).
# LINES_N=... changes the line count, REPEAT=... the builds per figure (the best counts); JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=... profiles.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stevedore=${STEVEDORE:-$here/../../stevedore}
lines=${LINES_N:-524288}
repeat=${REPEAT:-3}
work=$(mktemp -d /tmp/stevedore-bench-runlog.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/store

rootfs=$work/base/rootfs
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/"
for a in sh yes head true; do ln -s busybox "$rootfs/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
printf 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/bin\n' > "$work/base/Dockerfile"
"$stevedore" build -q --root "$root" -t bench/busybox "$work/base" > /dev/null

# 63 characters and a newline: 64 bytes a line.
text=0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQ
mkdir -p "$work/loud" "$work/silent"
printf 'FROM bench/busybox\nRUN yes %s | head -n %d\n' "$text" "$lines" > "$work/loud/Dockerfile"
printf 'FROM bench/busybox\nRUN yes %s | head -n %d > /dev/null\n' "$text" "$lines" > "$work/silent/Dockerfile"

# seconds DIR PROGRESS ERR: "wall cpu step" seconds, each the best of $REPEAT builds (other load
# on the machine only ever adds time), standard error going to ERR. cpu is user + system time of
# the CLI and everything it started (runc, the container's processes); step is the RUN step's own
# time as plain or rawjson report it ("-" for the other modes), free of JVM start and export.
seconds() {
    local t step best_wall= best_cpu= best_step=
    for _ in $(seq 1 "$repeat"); do
        t=$( { TIMEFORMAT='%R %U %S'; time "$stevedore" build --no-cache --progress "$2" --root "$root" \
                -t bench/runlog "$work/$1" > /dev/null 2> "$3"; } 2>&1 )
        step=-
        if [ -f "$3" ]; then
            step=$(sed -nE -e 's/^#4 DONE ([0-9.]+)s$/\1/p' \
                -e 's/.*"type":"step-done".*"step":4,"elapsed":([0-9.E-]+).*/\1/p' "$3" | head -n 1)
        fi
        read -r best_wall best_cpu best_step < <(awk -v t="$t" -v s="${step:--}" -v bw="$best_wall" \
                -v bc="$best_cpu" -v bs="$best_step" 'BEGIN {
            split(t, f, " "); w = f[1]; c = f[2] + f[3]
            if (bw != "" && bw < w) w = bw; if (bc != "" && bc < c) c = bc
            if (s == "-") s = "-"; else { s = s + 0; if (bs != "" && bs != "-" && bs < s) s = bs; s = sprintf("%.2f", s) }
            printf "%.2f %.2f %s\n", w, c, s }')
    done
    echo "$best_wall $best_cpu $best_step"
}
row() { # row LABEL "wall cpu step" [NOTE]
    local wall cpu step
    read -r wall cpu step <<< "$2"
    printf '%-38s %6ss wall %6ss cpu %6s step  %s\n' "$1" "$wall" "$cpu" "$step" "${3:-}"
}

seconds silent quiet /dev/null > /dev/null   # warm the page cache and the store
echo "a RUN printing $lines lines of 64 bytes; the best of $repeat builds each (seconds)"
row "RUN ... > /dev/null in the container" "$(seconds silent plain "$work/err.silent")"
for mode in plain rawjson tty quiet; do
    t=$(seconds loud "$mode" "$work/err.$mode")
    row "--progress $mode 2> file" "$t" "($(stat -c %s "$work/err.$mode") bytes of stderr)"
done
row "--progress plain 2> /dev/null" "$(seconds loud plain /dev/null)"
# Every line arrived, in order (plain prints "#4 0.123 <line>").
got=$(grep -c " $text\$" "$work/err.plain" || true)
[ "$got" = "$lines" ] || { echo "plain printed $got of $lines lines" >&2; exit 1; }
