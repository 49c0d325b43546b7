#!/usr/bin/env bash
# The install tier of CI (issue #17): Stevedore installed like a tool. The .deb that mvn package
# makes (tools/dist.sh) goes with `apt-get install ./stevedore_*.deb` into a fresh Debian root
# filesystem (the examples' cached debootstrap of bookworm, minbase: no Java there), and then,
# chrooted into it, with no Java but the package's own: `stevedore --version`,
# `man stevedore-build`, and a build of examples/go whose image runs and greets.
#
# Needs root (chroot, mounts), the Debian mirror (apt-get in the root), and the stand-in bases
# on the examples' registry (examples/bases/make.sh, run here as examples/rootless.sh does).
# Prints "N passed, N failed"; exits 1 when a check failed. Environment: EXAMPLES_REGISTRY; DEB, a
# .deb already made (default: made here, as ./stevedore dist makes it).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
mirror=http://${EXAMPLES_REGISTRY:-127.0.0.1:5000}
cache=${CACHE:-/var/cache/stevedore-examples}

[ "$(id -u)" = 0 ] || { echo "deb-install: needs root (chroot, mounts)" >&2; exit 1; }
. "$repo/tools/java.sh"
stevedore_find_java || exit 1
"$repo/tools/prerequisites.sh" build examples
"$here/bases/make.sh"
tarball=$cache/$(sed -n 's/^base_id=//p' "$here/bases/make.sh").tar
[ -s "$tarball" ] || { echo "deb-install: no $tarball (examples/bases/make.sh makes it)" >&2; exit 1; }
if [ -n "${DEB:-}" ]; then
    deb=$DEB
else
    (cd "$repo" && mvn -B -q -o -DskipTests -Dstevedore.dist.skip=false -pl stevedore-cli -am package)
    deb=$(ls "$repo"/stevedore-cli/target/dist/stevedore_*.deb)
fi

work=$(mktemp -d /var/tmp/stevedore-deb.XXXXXX)
rootfs=$work/rootfs
cleanup() {
    awk -v d="$rootfs" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir "$rootfs"
tar --numeric-owner -xf "$tarball" -C "$rootfs"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
# The root a mount point, as on a machine: runc makes / a slave mount, which it must be. The
# host's /sys and /dev as slaves, so that unmounting them here never reaches the host's.
mount --bind "$rootfs" "$rootfs"
mount -t proc proc "$rootfs/proc"
mount --rbind /sys "$rootfs/sys" && mount --make-rslave "$rootfs/sys"
mount --rbind /dev "$rootfs/dev" && mount --make-rslave "$rootfs/dev"
mount -t tmpfs tmpfs "$rootfs/tmp"
mount -t tmpfs tmpfs "$rootfs/run"
cp "$deb" "$rootfs/tmp/"
cp -r "$here/go" "$rootfs/tmp/go"
# No LANG: the C locale, as a service or a container has it (the launcher makes file names UTF-8).
in_root() { chroot "$rootfs" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb "$@"; }

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

in_root sh -c 'command -v java' && fail "the fresh root has no Java before the install" ||
    pass "the fresh root has no Java before the install"
if in_root apt-get -q update > "$work/apt.log" 2>&1 &&
        in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            "/tmp/$(basename "$deb")" man-db >> "$work/apt.log" 2>&1; then
    pass "apt-get install ./$(basename "$deb") (with runc, its dependency)"
else
    tail -n 20 "$work/apt.log"
    fail "apt-get install ./$(basename "$deb")"
fi
others=$(find "$rootfs/usr" "$rootfs/opt" -name java -type f -perm -u+x 2>/dev/null | grep -v "^$rootfs/usr/lib/stevedore/" || true)
[ -z "$others" ] && pass "no Java on the system but the package's own" || fail "another Java: $others"
version=$(in_root stevedore --version 2>&1) && [[ $version == "stevedore "*"Java "* ]] &&
    pass "stevedore --version: ${version//$'\n'/; }" || fail "stevedore --version: $version"
in_root man -P cat stevedore-build 2>/dev/null | grep -q "stevedore-build - Build an image from a Dockerfile" &&
    pass "man stevedore-build" || fail "man stevedore-build"
in_root bash -c '. /usr/share/bash-completion/completions/stevedore && complete -p stevedore' >/dev/null 2>&1 &&
    pass "bash completion installed" || fail "bash completion installed"
if in_root stevedore build -q --registry-mirror "$mirror" -t go-example /tmp/go > "$work/build.log" 2>&1; then
    pass "stevedore build examples/go: $(tail -n 1 "$work/build.log")"
    greeting=$(in_root stevedore run --rm go-example 2>&1) &&
        [ "$greeting" = "Hello from Go, built by Stevedore in a multi-stage build!" ] &&
        pass "stevedore run go-example: $greeting" || fail "stevedore run go-example: $greeting"
else
    tail -n 30 "$work/build.log"
    fail "stevedore build examples/go"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
