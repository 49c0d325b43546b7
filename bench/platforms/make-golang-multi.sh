#!/usr/bin/env bash
# Makes the golang base of the fully emulated two-platform bench (bench/platforms/run.sh,
# GOLANG_MULTI): one image index with a linux/amd64 and a linux/arm64 golang image, each from
# Debian bookworm's packages of its architecture (apt-get download: Docker Hub is out of reach
# here, Debian's mirror is not), unpacked into a root file system and built FROM scratch
# (golang-multi/Dockerfile), then pushed to the bench's registry as library/golang:1.20-multi.
#
# Packages per architecture: golang-1.19-go (the go command and the compiled standard library),
# libc6 and libgcc-s1 (the go command is dynamically linked), busybox-static (/bin/sh and the
# applets, as links); golang-1.19-src (architecture all) for both. The .debs are kept in $CACHE.
#
# Usage: bench/platforms/make-golang-multi.sh   (root; a registry on $EXAMPLES_REGISTRY, which
#        examples/bases/make.sh starts). Then: bench/platforms/run.sh finds the image by itself.
# Environment: EXAMPLES_REGISTRY (default 127.0.0.1:5000), CACHE (default
#        /var/cache/stevedore-examples), STEVEDORE_ROOT (the store used to build it).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
registry=${EXAMPLES_REGISTRY:-127.0.0.1:5000}
cache=${CACHE:-/var/cache/stevedore-examples}/golang-multi
image=$registry/library/golang:1.20-multi
archs=(amd64 arm64)

say() { echo "golang-multi: $*" >&2; }
fail() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (apt-get download of another architecture, the store)"
curl -fsS -o /dev/null --max-time 5 "http://$registry/v2/" ||
    fail "no registry answers on $registry: run examples/bases/make.sh golang alpine first"

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
    say "dpkg --add-architecture arm64; apt-get update"
    dpkg --add-architecture arm64
    apt-get update -qq
fi

# The .debs of one architecture, downloaded once into $cache/debs/ARCH.
download() {
    local arch=$1 dir=$cache/debs/$1
    [ -f "$dir/.complete" ] && return
    rm -rf "$dir"
    mkdir -p "$dir"
    say "apt-get download the $arch packages into $dir"
    (cd "$dir" && apt-get download -q "golang-1.19-go:$arch" "libc6:$arch" "libgcc-s1:$arch" \
        "busybox-static:$arch" golang-1.19-src >&2)
    touch "$dir/.complete"
}

# The build context: rootfs-ARCH/ for each architecture, unpacked from its .debs.
context=$(mktemp -d /var/tmp/golang-multi.XXXXXX)
trap 'rm -rf --one-file-system "$context"' EXIT
cp "$here/golang-multi/Dockerfile" "$context/"
for arch in "${archs[@]}"; do
    download "$arch"
    root=$context/rootfs-$arch
    mkdir -p "$root"
    for deb in "$cache/debs/$arch"/*.deb; do
        dpkg-deb -x "$deb" "$root"
    done
    # a shell and the usual commands: busybox's applets as links (the host's busybox lists the same
    # applets as this version's of the other architecture)
    for applet in $(/bin/busybox --list); do
        [ "$applet" = busybox ] || [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
    done
    mkdir -p "$root/tmp" "$root/root" "$root/go" "$root/etc"
    chmod 1777 "$root/tmp"
    echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
    echo 'root:x:0:' > "$root/etc/group"
    [ -x "$root/usr/lib/go-1.19/bin/go" ] || fail "no go command in the $arch packages"
done

say "building and pushing $image (linux/amd64, linux/arm64)"
BUILDX_NO_DEFAULT_ATTESTATIONS=1 "$repo/stevedore" build -q --platform linux/amd64,linux/arm64 \
    -t "$image" --push "$context" > /dev/null
say "done: GOLANG_MULTI=$image"
