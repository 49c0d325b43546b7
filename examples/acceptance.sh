#!/usr/bin/env bash
# The acceptance suite of issue #8: the three classic multi-stage examples build unmodified,
# their final images run, and they hold no toolchain; and (issue #18) the cross-compiling Go
# example builds one index for linux/amd64 and linux/arm64.
#
#   1. examples/bases/make.sh serves the stand-in base images on 127.0.0.1:5000 (cached);
#   2. each example builds with --registry-mirror http://127.0.0.1:5000 in place of Docker Hub,
#      into a fresh store, so the bases really come through the mirror;
#   3. `stevedore run`: the Go binary and `java -jar myapp.jar` print their greetings; the nginx
#      image serves the page `npm run build` wrote, checked with curl on a loopback port;
#   4. the final images, unpacked by umoci (an independent reader of our store), hold the
#      artifact and no go, gofmt, mvn, javac, node or npm; the builder bases do have them, so the
#      check can fail.
#
# Needs root; installs what it needs with tools/prerequisites.sh examples. Prints "N passed, N failed" at the end; exits 1
# when a check failed. Environment: STEVEDORE_ROOT (a store to reuse instead of a fresh one),
# EXAMPLES_REGISTRY (the stand-ins' registry, default 127.0.0.1:5000).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
stevedore="$repo/stevedore"
mirror=http://${EXAMPLES_REGISTRY:-127.0.0.1:5000}

[ "$(id -u)" = 0 ] || { echo "acceptance: needs root" >&2; exit 1; }
# shellcheck source=../tools/java.sh
. "$repo/tools/java.sh"   # a Java 25 for Maven, which runs the plugin in its own JVM
stevedore_find_java || exit 1
work=$(mktemp -d /var/tmp/stevedore-acceptance.XXXXXX)
nginx_pgid=
cleanup() {
    [ -n "$nginx_pgid" ] && kill -TERM -- "-$nginx_pgid" 2>/dev/null || true
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT
export STEVEDORE_ROOT=${STEVEDORE_ROOT:-$work/store}

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

"$repo/tools/prerequisites.sh" examples
"$here/bases/make.sh"

# build NAME: builds examples/NAME as stevedore-examples/NAME, its log in $work/NAME.build.log.
build() {
    local name=$1 start
    start=$(date +%s)
    if "$stevedore" build --report --registry-mirror "$mirror" -t "stevedore-examples/$name" "$here/$name" \
            > "$work/$name.build.log" 2>&1; then
        pass "examples/$name builds ($(elapsed "$start"))"
    else
        tail -n 30 "$work/$name.build.log"
        fail "examples/$name builds"
        return 1
    fi
    # the multi-stage report: both stages with their sizes, and what multi-stage kept out
    local saving
    saving=$(grep -E '^final image .*; builder stage .*; multi-stage kept' "$work/$name.build.log" || true)
    if [ -n "$saving" ] && grep -qE '^builder ' "$work/$name.build.log" \
            && grep -qE '^stage-1 \(target\) ' "$work/$name.build.log"; then
        sed -n '/^STAGE /,/^$/p' "$work/$name.build.log"
        pass "examples/$name report: $saving"
    else
        tail -n 30 "$work/$name.build.log"
        fail "examples/$name report shows the builder and final stages and the saving"
    fi
}

# expect_output NAME TEXT [COMMAND...]: `stevedore run` of the image prints TEXT and exits 0.
expect_output() {
    local name=$1 text=$2 out
    shift 2
    if out=$("$stevedore" run "stevedore-examples/$name" "$@" 2>&1 < /dev/null) && grep -qF "$text" <<< "$out"; then
        pass "stevedore-examples/$name runs: $(grep -F "$text" <<< "$out")"
    else
        printf '%s\n' "$out" | tail -n 20
        fail "stevedore-examples/$name runs and prints \"$text\""
    fi
}

# unpack NAME: the image's root filesystem, as umoci reads it from the store, in $work/NAME.
unpack() {
    umoci unpack --image "$STEVEDORE_ROOT/oci:docker.io/stevedore-examples/$1:latest" "$work/$1" > /dev/null
    echo "$work/$1/rootfs"
}

# no_toolchain NAME ARTIFACT: the final image holds ARTIFACT and none of the build tools.
no_toolchain() {
    local name=$1 artifact=$2 rootfs found
    rootfs=$(unpack "$name")
    if [ ! -e "$rootfs/$artifact" ]; then
        fail "stevedore-examples/$name holds /$artifact"
        return
    fi
    found=$(find "$rootfs" \( -name go -o -name gofmt -o -name mvn -o -name javac -o -name node \
        -o -name nodejs -o -name npm \) -printf '/%P\n')
    if [ -z "$found" ]; then
        pass "stevedore-examples/$name holds /$artifact and no toolchain ($(du -sh "$rootfs" | cut -f1))"
    else
        fail "stevedore-examples/$name holds no toolchain, but has: $(echo $found)"
    fi
}

# has_tools BASE TOOL...: the builder base has the tools (the control for no_toolchain).
has_tools() {
    local base=$1 tool
    shift
    for tool in "$@"; do
        if "$stevedore" run --entrypoint sh "$base" -c "command -v $tool" < /dev/null > /dev/null 2>&1; then
            pass "$base has $tool"
        else
            fail "$base has $tool"
        fi
    done
}

free_port() {
    local port
    for port in 80 $(seq 8080 8180); do
        if [ -z "$(ss -Htln "sport = :$port")" ]; then
            echo "$port"
            return
        fi
    done
    echo "acceptance: no free port among 80, 8080-8180" >&2
    return 1
}

# serves: the nginx image, run with `stevedore run` (host network), serves dist/index.html.
serves() {
    local port url page
    port=$(free_port)
    url="http://127.0.0.1:$port/"
    # The image listens on 80, as nginx:alpine does; on another port when 80 is taken here.
    local -a command=()
    [ "$port" = 80 ] || command=(sh -c "sed -i 's/listen  *80;/listen $port;/' /etc/nginx/conf.d/default.conf && exec nginx -g 'daemon off;'")
    setsid "$stevedore" run stevedore-examples/node "${command[@]}" < /dev/null > "$work/nginx.log" 2>&1 &
    nginx_pgid=$!
    for _ in $(seq 1 120); do
        page=$(curl -fsS --max-time 2 "$url" 2>/dev/null) && break
        kill -0 "$nginx_pgid" 2>/dev/null || break
        sleep 0.5
    done
    if grep -qF "Hello from Node" <<< "${page:-}" && grep -qF "Built with Node v" <<< "$page"; then
        pass "stevedore-examples/node serves dist/index.html on $url"
    else
        tail -n 20 "$work/nginx.log"
        fail "stevedore-examples/node serves dist/index.html on $url"
    fi
    # A terminal's Ctrl-C: the group gets the signal, runc passes it on to nginx.
    kill -TERM -- "-$nginx_pgid" 2>/dev/null || true
    wait "$nginx_pgid" 2>/dev/null || true
    nginx_pgid=
}

if build go; then
    expect_output go "Hello from Go"
    no_toolchain go root/myapp
    has_tools golang:1.20 go
fi
# cross_compiled: examples/go-cross builds for linux/amd64 and linux/arm64 into one index (the
# builder on the build platform, cross-compiling); the arm64 binary is an aarch64 ELF (its
# e_machine, read from the local export) and runs under emulation with `run --platform`.
cross_compiled() {
    local start out machine
    start=$(date +%s)
    "$stevedore" setup binfmt --install linux/arm64 > /dev/null
    if "$stevedore" build --registry-mirror "$mirror" --platform linux/amd64,linux/arm64 \
            -t stevedore-examples/go-cross -o "type=local,dest=$work/go-cross" "$here/go-cross" \
            > "$work/go-cross.build.log" 2>&1 \
        && "$stevedore" build --registry-mirror "$mirror" --platform linux/amd64,linux/arm64 \
            -t stevedore-examples/go-cross "$here/go-cross" >> "$work/go-cross.build.log" 2>&1; then
        pass "examples/go-cross builds for linux/amd64,linux/arm64 ($(elapsed "$start"))"
    else
        tail -n 30 "$work/go-cross.build.log"
        fail "examples/go-cross builds for linux/amd64,linux/arm64"
        return
    fi
    machine=$(od -An -tx1 -j18 -N2 "$work/go-cross/linux_arm64/root/myapp" | tr -d ' \n')
    if [ "$machine" = b700 ]; then pass "the linux/arm64 binary is an aarch64 ELF"; else fail "the linux/arm64 binary is an aarch64 ELF (e_machine $machine)"; fi
    if out=$("$stevedore" run --platform linux/arm64 stevedore-examples/go-cross 2>&1 < /dev/null) \
            && grep -qF "Hello from Go" <<< "$out"; then
        pass "stevedore-examples/go-cross runs for linux/arm64 under emulation"
    else
        printf '%s\n' "$out" | tail -n 20
        fail "stevedore-examples/go-cross runs for linux/arm64 under emulation"
    fi
}
cross_compiled
if build java; then
    expect_output java "Hello from Java 17"
    no_toolchain java app/myapp.jar
    has_tools maven:3.9 mvn javac
fi
# The Java example from Maven too (issue #20): stevedore-maven-plugin's build goal, run on the
# example's own pom.xml in Maven's JVM, the same mirror, the same checks.
maven_build() {
    local start version log=$work/java-maven.build.log
    start=$(date +%s)
    version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$repo/pom.xml" | head -n 1)
    if ! (cd "$repo" && mvn -B -q install -DskipTests -pl stevedore-core,stevedore-maven-plugin -am) \
            > "$work/plugin-install.log" 2>&1; then
        tail -n 30 "$work/plugin-install.log"
        fail "the Maven plugin installs (mvn install)"
        return 1
    fi
    if mvn -B -f "$here/java/pom.xml" "dev.stevedore:stevedore-maven-plugin:$version:build" \
            -Dstevedore.registryMirrors="$mirror" -Dstevedore.tags=stevedore-examples/java-maven \
            -Dstevedore.report=true > "$log" 2>&1 && grep -q 'multi-stage kept' "$log"; then
        pass "examples/java builds with stevedore-maven-plugin ($(elapsed "$start")): $(grep -o 'final image .*' "$log")"
    else
        tail -n 30 "$log"
        fail "examples/java builds with stevedore-maven-plugin and reports the saving"
        return 1
    fi
}
if maven_build; then
    expect_output java-maven "Hello from Java 17"
    no_toolchain java-maven app/myapp.jar
fi
if build node; then
    serves
    no_toolchain node usr/share/nginx/html/index.html
    has_tools node:20 node npm
fi

echo "acceptance: $passed passed, $failed failed"
[ "$failed" = 0 ]
