#!/usr/bin/env bash
# The fixed cost of a RUN step: a Dockerfile of 20 `RUN true #N` on a busybox base, built with
# --no-cache (total / 20, and the same net of a build without RUN, i.e. JVM start, base, export),
# next to `runc run` of an equivalent bundle (/bin/true on the same rootfs) by hand, 20 times.
# Needs root (overlay, runc) and /bin/busybox (busybox-static).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stevedore=${STEVEDORE:-$here/../../stevedore}
steps=${STEPS:-20}
work=$(mktemp -d /tmp/stevedore-bench-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/store

rootfs=$work/base/rootfs
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp"
cp /bin/busybox "$rootfs/bin/"
for a in sh true; do ln -s busybox "$rootfs/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
printf 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/bin\n' > "$work/base/Dockerfile"
"$stevedore" build -q --root "$root" -t bench/busybox "$work/base" > /dev/null

mkdir -p "$work/none" "$work/runs"
printf 'FROM bench/busybox\nENV N=0\n' > "$work/none/Dockerfile"
{ echo 'FROM bench/busybox'; for i in $(seq 1 "$steps"); do echo "RUN true #$i"; done; } > "$work/runs/Dockerfile"

now() { date +%s.%N; }
seconds() { local s e; s=$(now); "$@" > /dev/null 2>&1; e=$(now); awk -v s="$s" -v e="$e" 'BEGIN { print e - s }'; }

"$stevedore" build -q --no-cache --root "$root" -t bench/runs "$work/runs" > /dev/null   # warm the page cache
none=$(seconds "$stevedore" build -q --no-cache --root "$root" -t bench/none "$work/none")
runs=$(seconds "$stevedore" build -q --no-cache --root "$root" -t bench/runs "$work/runs")

# The same process under runc by hand: a bundle on a copy of the rootfs, run and deleted each time.
bundle=$work/bundle
mkdir -p "$bundle"
cp -a "$rootfs" "$bundle/rootfs"
(cd "$bundle" && runc spec)
sed -i -e 's/"terminal": true/"terminal": false/' -e 's/"sh"$/"\/bin\/true"/' "$bundle/config.json"
runc_root=$work/runc
hand() {
    for i in $(seq 1 "$steps"); do
        runc --root "$runc_root" run --bundle "$bundle" "bench-$$-$i" < /dev/null
    done
}
hand > /dev/null  # warm up, and fail early if the bundle does not run
byhand=$(seconds hand)

awk -v r="$runs" -v n="$none" -v h="$byhand" -v k="$steps" 'BEGIN {
    printf "stevedore RUN step : %7.1f ms/step  (%d steps in %.2fs; build without RUN %.2fs)\n", 1000 * r / k, k, r, n
    printf "  net of the rest  : %7.1f ms/step\n", 1000 * (r - n) / k
    printf "runc run by hand   : %7.1f ms/step  (%d runs in %.2fs)\n", 1000 * h / k, k, h
}'
