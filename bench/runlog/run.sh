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

now() { date +%s.%N; }
# seconds DIR PROGRESS ERR: the best wall time of $REPEAT builds, standard error going to ERR
# (the best, because other load on the machine only ever adds time).
seconds() {
    local s e best=
    for _ in $(seq 1 "$repeat"); do
        s=$(now)
        "$stevedore" build --no-cache --progress "$2" --root "$root" -t bench/runlog "$work/$1" > /dev/null 2> "$3"
        e=$(now)
        best=$(awk -v s="$s" -v e="$e" -v b="$best" 'BEGIN { t = e - s; if (b != "" && b < t) t = b; printf "%.2f", t }')
    done
    echo "$best"
}

seconds silent quiet /dev/null > /dev/null   # warm the page cache and the store
baseline=$(seconds silent quiet /dev/null)
printf '%-34s %6ss\n' "RUN ... > /dev/null in the container" "$baseline"
for mode in plain rawjson tty quiet; do
    t=$(seconds loud "$mode" "$work/err.$mode")
    printf '%-34s %6ss  (%s bytes of stderr)\n' "--progress $mode 2> file" "$t" "$(stat -c %s "$work/err.$mode")"
done
t=$(seconds loud plain /dev/null)
printf '%-34s %6ss\n' "--progress plain 2> /dev/null" "$t"
# Every line arrived, in order (plain prints "#2 0.123 <line>").
got=$(grep -c " $text\$" "$work/err.plain" || true)
[ "$got" = "$lines" ] || { echo "plain printed $got of $lines lines" >&2; exit 1; }
