#!/usr/bin/env bash
# The two-platform build of the cross-compiling Go example (examples/go-cross), timed two ways:
#   cross     as written: the builder runs natively on $BUILDPLATFORM and cross-compiles
#             (GOARCH=$TARGETARCH); only the runtime stage is per platform;
#   emulated  the builder's `--platform=$BUILDPLATFORM` removed: the arm64 builder runs
#             `go build` under qemu-user-static.
# Each cold (a fresh store, the bases pulled from the stand-ins' registry) and as a no-change
# rebuild (everything CACHED). One line a run on stdout, for bench/RESULTS.md.
#
# The emulated variant needs a golang base for both platforms (the examples' golang stand-in is
# amd64 only): bench/platforms/make-golang-multi.sh makes one from Debian's packages of each
# architecture and pushes it as $EXAMPLES_REGISTRY/library/golang:1.20-multi, which is used when
# the registry has it; GOLANG_MULTI names another. Without one the emulated variant is skipped
# with a note.
#
# Usage: bench/platforms/run.sh [REPS]   (root; examples/bases/make.sh golang alpine first, and
#        bench/platforms/make-golang-multi.sh for the emulated variant)
# Environment: EXAMPLES_REGISTRY (default 127.0.0.1:5000), GOLANG_MULTI.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
reps=${1:-3}
registry=${EXAMPLES_REGISTRY:-127.0.0.1:5000}
work=$(mktemp -d /var/tmp/bench-platforms.XXXXXX)
trap 'rm -rf --one-file-system "$work"' EXIT
[ "$(id -u)" = 0 ] || { echo "bench/platforms: needs root" >&2; exit 1; }

"$here/stevedore" setup binfmt --install linux/arm64 > /dev/null
echo "# bench/platforms: $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

if [ -z "${GOLANG_MULTI:-}" ] && curl -fsS -o /dev/null --max-time 5 \
        -H 'Accept: application/vnd.oci.image.index.v1+json' \
        "http://$registry/v2/library/golang/manifests/1.20-multi" 2>/dev/null; then
    GOLANG_MULTI=$registry/library/golang:1.20-multi
fi

cp -r "$here/examples/go-cross" "$work/cross"
cp -r "$here/examples/go-cross" "$work/emulated"
if [ -n "${GOLANG_MULTI:-}" ]; then
    # every stage per target platform: the arm64 go build runs under emulation
    sed -i "s|^FROM --platform=\$BUILDPLATFORM golang:1.20 AS builder|FROM $GOLANG_MULTI AS builder|" \
        "$work/emulated/Dockerfile"
fi

run() { # variant, kind (cold|nochange), rep
    local variant=$1 kind=$2 rep=$3 store="$work/store-$1-$3" start end
    [ "$kind" = cold ] && rm -rf --one-file-system "$store"
    start=$(date +%s.%N)
    "$here/stevedore" --root "$store" build -q --registry-mirror "http://$registry" \
        --platform linux/amd64,linux/arm64 -t "bench/go-cross-$variant" "$work/$variant" > /dev/null
    end=$(date +%s.%N)
    printf '%-9s %-9s rep %d  %6.1f s\n' "$variant" "$kind" "$rep" "$(echo "$end - $start" | bc)"
}

for rep in $(seq 1 "$reps"); do
    run cross cold "$rep"
    run cross nochange "$rep"
    if [ -n "${GOLANG_MULTI:-}" ]; then
        run emulated cold "$rep"
        run emulated nochange "$rep"
    fi
done
[ -n "${GOLANG_MULTI:-}" ] || echo "# emulated: skipped (run bench/platforms/make-golang-multi.sh, or set GOLANG_MULTI to an amd64+arm64 golang index)"
