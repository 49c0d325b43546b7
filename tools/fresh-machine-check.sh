#!/usr/bin/env bash
# The check of issue #23: on a fresh Debian 12 with only git and maven installed (and a Java 25),
# the README's two commands work: `./test.sh` installs what it needs and passes with no skips,
# and the quick start builds and runs the Go example.
#
# The fresh machine is a directory: `debootstrap bookworm` into DIR/rootfs, entered as a container is
# (a mount namespace of its own, pivot_root; a bare chroot cannot make user namespaces) with
# the mounts a machine has (itself a mount point, /proc, /sys with its cgroup file system,
# /dev, a tmpfs on /run)
# and the host's Java 25 bind-mounted read-only at the same path (Debian 12 has no Java 25).
# It shares the host's network; the host's CA certificates are copied in, so a TLS-inspecting
# proxy (ours) is trusted as it is on the host. This checkout's HEAD is cloned to
# /root/stevedore inside, and ../shared/conformance, when the host has it, is bind-mounted
# read-only beside it, so the conformance tests run too.
#
# Usage: tools/fresh-machine-check.sh [STEP...]      (as root)
#   setup          makes DIR/rootfs once (debootstrap, the host's CAs, apt-get install git maven)
#                  and clones this checkout's HEAD into it (again each time: a fresh clone)
#   check          tools/prerequisites.sh --check inside: what a fresh machine lacks (never fails)
#   tests          ./test.sh $TEST_ARGS inside, which installs what the build and tests need
#                  (all the tests by default: hours on a busy machine)
#   quickstart     tools/quick-start.sh inside: prerequisites, stand-in bases, the Go example
#                  built with its report and run
#   exec COMMAND   a command line of your own, inside the checkout
#   shell          an interactive shell inside
#   clean          unmounts what a killed run left and removes DIR
# No STEP: setup check tests quickstart; the first failing step ends the check. Environment: DIR (default
# /var/tmp/stevedore-fresh), DEBIAN_MIRROR, JAVA_HOME (the Java 25 to bind-mount; found as
# ./stevedore finds it), TEST_ARGS (e.g. "-pl stevedore-core -Dtest=RuncRuntimeTest"),
# EXAMPLES_REGISTRY (default 127.0.0.1:5055: not the examples' usual 127.0.0.1:5000, which a
# host may already be serving), M2_SEED (a Maven repository copied in at setup to spare the
# downloads; default none: a fresh machine downloads them).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
dir=${DIR:-/var/tmp/stevedore-fresh}
rootfs=$dir/rootfs
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
registry=${EXAMPLES_REGISTRY:-127.0.0.1:5055}

say() { echo "fresh-machine: $*" >&2; }
fail() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, mounts, chroot)."
# shellcheck source=java.sh
. "$here/java.sh"
# shellcheck source=heartbeat.sh
. "$here/heartbeat.sh"
stevedore_find_java || exit 1
java_home=$JAVA_HOME

# Unmounts everything under the fresh root and the root itself, deepest first, never crossing
# into the host.
unmount_all() {
    [ -d "$rootfs" ] || return 0
    local root
    root=$(cd "$rootfs" && pwd -P)
    awk -v d="$root" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l
}

setup() {
    mkdir -p "$dir"
    if [ ! -e "$dir/debootstrapped" ]; then
        unmount_all
        rm -rf --one-file-system "$rootfs"
        say "debootstrap bookworm into $rootfs from $mirror (a few minutes; log in $dir/debootstrap.log)"
        heartbeat "fresh-machine: debootstrap" "$dir/debootstrap.log" debootstrap bookworm "$rootfs" "$mirror" ||
            { tail -n 20 "$dir/debootstrap.log" >&2; fail "debootstrap failed; its log: $dir/debootstrap.log"; }
        mkdir -p "$rootfs/usr/local/share/ca-certificates"
        find /usr/local/share/ca-certificates -maxdepth 1 -name '*.crt' -type f -exec cp -t "$rootfs/usr/local/share/ca-certificates/" {} +
        say "apt-get install git maven (inside)"
        inside "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q git maven && update-ca-certificates" \
            > "$dir/setup.log" 2>&1 || { tail -n 20 "$dir/setup.log" >&2; fail "installing git and maven failed; its log: $dir/setup.log"; }
        touch "$dir/debootstrapped"
    fi
    if [ -n "${M2_SEED:-}" ] && [ ! -d "$rootfs/root/.m2/repository" ]; then
        say "copying the Maven repository $M2_SEED in"
        mkdir -p "$rootfs/root/.m2"
        cp -a "$M2_SEED" "$rootfs/root/.m2/repository"
    fi
    say "git clone $repo (HEAD $(git -C "$repo" rev-parse --short HEAD)) to /root/stevedore"
    rm -rf --one-file-system "$rootfs/root/stevedore"
    git clone -q --no-hardlinks "$repo" "$rootfs/root/stevedore"
    git -C "$rootfs/root/stevedore" checkout -q "$(git -C "$repo" rev-parse HEAD)"
}

# Runs a bash command line in the fresh root, as root, with its mounts (undone on exit) and
# nothing of the host's environment but TERM.
inside() {
    # The root a mount point, as on a machine: runc makes / a slave mount, which it must be.
    mount --bind "$rootfs" "$rootfs"
    mount -t proc proc "$rootfs/proc"
    mount --rbind /sys "$rootfs/sys" && mount --make-rslave "$rootfs/sys"
    mount --rbind /dev "$rootfs/dev" && mount --make-rslave "$rootfs/dev"
    mount -t tmpfs -o mode=755 tmpfs "$rootfs/run"
    mkdir -p "$rootfs$java_home"
    mount --bind "$java_home" "$rootfs$java_home" && mount -o remount,bind,ro "$rootfs$java_home"
    if [ -d "$repo/../shared/conformance" ]; then
        mkdir -p "$rootfs/root/shared/conformance"
        mount --bind "$repo/../shared/conformance" "$rootfs/root/shared/conformance"
        mount -o remount,bind,ro "$rootfs/root/shared/conformance"
    fi
    cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
    local status=0
    # Entered as a container is, not with a bare chroot: a mount namespace of its own whose root
    # pivots to the fresh root, with the host's tree detached. The kernel refuses a user
    # namespace to a chroot'ed process (unshare(2): EPERM), which rootless mode needs.
    env -i HOME=/root TERM="${TERM:-dumb}" LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        EXAMPLES_REGISTRY="$registry" unshare --mount --propagation private -- /bin/bash -c \
        'cd "$0" && mkdir -p .host && pivot_root . .host && cd / && umount -l /.host && rmdir /.host && exec /bin/bash -c "$1"' \
        "$rootfs" "$1" || status=$?
    stop_registry
    unmount_all
    return "$status"
}

# Stops the docker-registry examples/bases/make.sh left running inside (its pid in its cache),
# if that process is still the fresh machine's.
stop_registry() {
    local pidfile=$rootfs/var/cache/stevedore-examples/registry.pid pid
    [ -s "$pidfile" ] || return 0
    pid=$(cat "$pidfile")
    # the fresh machine's own registry: a docker-registry in a mount namespace other than ours
    if [ "$(cat "/proc/$pid/comm" 2> /dev/null)" = docker-registry ] &&
        [ "$(readlink "/proc/$pid/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ]; then
        kill "$pid" && say "stopped the stand-ins' registry (pid $pid)"
    fi
    rm -f "$pidfile"
}

in_checkout() { inside "cd /root/stevedore && $1"; }

trap unmount_all EXIT
[ $# -gt 0 ] || set -- setup check tests quickstart
while [ $# -gt 0 ]; do
    step=$1
    shift
    case $step in
        setup) setup ;;
        check) say "tools/prerequisites.sh --check (inside)"; in_checkout "tools/prerequisites.sh --check" || true ;;
        exec) [ $# -gt 0 ] || fail "exec needs a command line"; say "$1 (inside)"; in_checkout "$1"; shift ;;
        tests) say "./test.sh ${TEST_ARGS:-} (inside)"; in_checkout "./test.sh ${TEST_ARGS:-}" ;;
        quickstart) say "tools/quick-start.sh (inside)"; in_checkout "tools/quick-start.sh" ;;
        shell) in_checkout "exec bash -i" ;;
        clean) unmount_all; rm -rf --one-file-system "$dir"; say "removed $dir" ;;
        *) fail "no step named $step (there are: setup check tests quickstart exec shell clean)" ;;
    esac
    [ "$step" = clean ] || say "$step: done"
done
