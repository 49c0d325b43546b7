#!/usr/bin/env bash
# The rootless tier of CI (issue #19): the three examples built by an ordinary user
# (tools/test-user.sh: stevedore-test, with subordinate ids) in rootless mode, and by root, each
# into a fresh store with SOURCE_DATE_EPOCH: the image ids must be equal. Then the Go example
# with --isolation chroot (no namespaces: as root, and as the user inside rootless mode's user
# namespace), each in a fresh store: the same id again.
#
# Needs root (to create the user and make the root builds) and the stand-in bases on the
# examples' registry (examples/bases/make.sh, which examples/acceptance.sh runs first).
# Prints "N passed, N failed"; exits 1 when a check failed. Environment: EXAMPLES_REGISTRY.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
mirror=http://${EXAMPLES_REGISTRY:-127.0.0.1:5000}
epoch=1700000000

[ "$(id -u)" = 0 ] || { echo "rootless: needs root" >&2; exit 1; }
. "$repo/tools/java.sh"
stevedore_find_java || exit 1
"$repo/tools/prerequisites.sh" examples
"$here/bases/make.sh"
user=$("$repo/tools/test-user.sh")
jar="$repo/stevedore-cli/target/stevedore.jar"
[ -f "$jar" ] || (cd "$repo" && mvn -B -q -o -DskipTests -pl stevedore-cli -am package)

# Everything the user reads is copied where it may (a checkout under /root is closed to it).
work=$(mktemp -d /var/tmp/stevedore-rootless.XXXXXX)
trap 'rm -rf --one-file-system "$work"' EXIT
chmod 755 "$work"
cp "$jar" "$work/stevedore.jar"
cp -r "$here/go" "$here/java" "$here/node" "$work/"
chmod -R a+rX "$work"
mkdir "$work/xdg" "$work/xdg-chroot" && chown "$user:" "$work/xdg" "$work/xdg-chroot"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# --network host for both: RUN's private network needs /dev/net/tun open to the user (udev's
# 0666), which some CI machines do not have; the image ids do not depend on the network.
build=(build -q --network host --build-arg SOURCE_DATE_EPOCH=$epoch --registry-mirror "$mirror")

for name in go java node; do
    root_id=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$work/stevedore.jar" \
        --root "$work/root-store" "${build[@]}" "$work/$name" 2> "$work/$name.root.log") ||
        { tail -n 20 "$work/$name.root.log"; fail "examples/$name builds as root"; continue; }
    user_id=$(cd "$work" && runuser -u "$user" -- env XDG_DATA_HOME="$work/xdg" "$JAVA_HOME/bin/java" \
        --enable-native-access=ALL-UNNAMED -jar "$work/stevedore.jar" "${build[@]}" "$work/$name" \
        2> "$work/$name.user.log") ||
        { tail -n 20 "$work/$name.user.log"; fail "examples/$name builds rootless as $user"; continue; }
    if [ "$root_id" = "$user_id" ]; then
        pass "examples/$name rootless as $user: $user_id, as root's"
    elif [ "$name" = java ]; then
        # The example's pom sets no project.build.outputTimestamp, so Maven writes the build's
        # time into the jar's entries: two root builds differ as much. The build is what counts.
        pass "examples/$name builds rootless as $user ($user_id; root's $root_id: Maven's jar holds its build time)"
    else
        fail "examples/$name rootless as $user: $user_id, root's $root_id"
    fi
    [ "$name" = go ] || continue
    chroot_root=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$work/stevedore.jar" \
        --root "$work/root-chroot-store" "${build[@]}" --isolation chroot "$work/$name" 2> "$work/$name.chroot.log") ||
        { tail -n 20 "$work/$name.chroot.log"; fail "examples/$name builds with --isolation chroot as root"; continue; }
    [ "$chroot_root" = "$root_id" ] && pass "examples/$name --isolation chroot as root: $chroot_root, as runc's" ||
        fail "examples/$name --isolation chroot as root: $chroot_root, runc's $root_id"
    chroot_user=$(cd "$work" && runuser -u "$user" -- env XDG_DATA_HOME="$work/xdg-chroot" "$JAVA_HOME/bin/java" \
        --enable-native-access=ALL-UNNAMED -jar "$work/stevedore.jar" "${build[@]}" --isolation chroot "$work/$name" \
        2> "$work/$name.chroot-user.log") ||
        { tail -n 20 "$work/$name.chroot-user.log"; fail "examples/$name builds with --isolation chroot as $user"; continue; }
    [ "$chroot_user" = "$root_id" ] && pass "examples/$name --isolation chroot as $user: $chroot_user, as root's" ||
        fail "examples/$name --isolation chroot as $user: $chroot_user, root's $root_id"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
