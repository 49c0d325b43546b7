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
#      check can fail;
#   5. (issue #21) built with --sbom --provenance=max and pushed to a registry of the script's own,
#      `skopeo inspect --raw` shows BuildKit's attestation layout, the statements are valid under
#      the tests' schemas (python3-jsonschema: SPDX 2.3's official one, SLSA v1's and in-toto's
#      from their specs) with max mode's parts, and each SBOM
#      finds the packages the final image has and none that only its builder had.
#   6. (issue #15) the Java example's ~/.m2 cache mount travels: a fresh store with --cache-from and
#      an edited source reruns `mvn package` without a download (Maven's "Downloaded from" lines).
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
registry_pid=
cleanup() {
    [ -n "$nginx_pgid" ] && kill -TERM -- "-$nginx_pgid" 2>/dev/null || true
    [ -n "$registry_pid" ] && kill -TERM "$registry_pid" 2>/dev/null || true
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
    if "$stevedore" build --report --sbom --provenance=max --registry-mirror "$mirror" \
            -t "stevedore-examples/$name" "$here/$name" \
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

# unpack NAME: the image's root filesystem, as skopeo and umoci read it from the store, in
# $work/NAME. The tag names an index (the image and its attestation manifest, step 5), which umoci
# finds ambiguous: skopeo first copies this host's image out of it, as `docker pull` would choose.
unpack() {
    skopeo copy -q "oci:$STEVEDORE_ROOT/oci:docker.io/stevedore-examples/$1:latest" "oci:$work/$1.layout:image" > /dev/null
    umoci unpack --image "$work/$1.layout:image" "$work/$1" > /dev/null
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
    setsid "$stevedore" run --network host stevedore-examples/node "${command[@]}" < /dev/null > "$work/nginx.log" 2>&1 &
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

# A registry of this script's own for the attested images, so the examples' registry is left as it is.
attest_registry=
start_attest_registry() {
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$work/registry"
    printf 'version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
        "$work/registry" "$port" > "$work/registry.yml"
    setsid /usr/bin/docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 < /dev/null &
    registry_pid=$!
    attest_registry=127.0.0.1:$port
    for _ in $(seq 1 50); do
        curl -fsS -o /dev/null --max-time 2 "http://$attest_registry/v2/" 2>/dev/null && return
        sleep 0.2
    done
    fail "a docker-registry for the attested images starts on $attest_registry"
}

# attested NAME WANTED UNWANTED: pushed, the image is an index with an attestation manifest;
# `stevedore sbom --purl` lists packages matching each regex of WANTED (space-separated) and
# none matching UNWANTED (one extended regex).
attested() {
    local name=$1 wanted=$2 unwanted=$3 dest purls re
    dest=$attest_registry/stevedore-examples/$name:attested
    if ! { "$stevedore" tag "stevedore-examples/$name" "$dest" && "$stevedore" push "$dest"; } > "$work/$name.push.log" 2>&1; then
        tail -n 20 "$work/$name.push.log"
        fail "stevedore-examples/$name pushes with its attestations"
        return
    fi
    if skopeo inspect --raw --tls-verify=false "docker://$dest" | python3 -c '
import json, sys
index = json.load(sys.stdin)
assert index["mediaType"] == "application/vnd.oci.image.index.v1+json", index["mediaType"]
image, att = index["manifests"]
assert att["platform"] == {"architecture": "unknown", "os": "unknown"}, att["platform"]
assert att["annotations"]["vnd.docker.reference.type"] == "attestation-manifest"
assert att["annotations"]["vnd.docker.reference.digest"] == image["digest"]
print(att["digest"])' > "$work/$name.att" 2>&1 \
        && skopeo inspect --raw --tls-verify=false \
            "docker://$attest_registry/stevedore-examples/$name@$(cat "$work/$name.att")" | python3 -c '
import json, sys
types = [l["annotations"]["in-toto.io/predicate-type"] for l in json.load(sys.stdin)["layers"]]
assert types[0] == "https://spdx.dev/Document" and types[-1] == "https://slsa.dev/provenance/v1", types' 2>> "$work/$name.att"; then
        pass "stevedore-examples/$name pushed as an index with an attestation manifest (skopeo inspect --raw)"
    else
        cat "$work/$name.att"
        fail "stevedore-examples/$name pushed as an index with an attestation manifest"
    fi
    if "$stevedore" attestations --format json "$dest" | python3 -c '
import json, sys
import jsonschema
documents = json.load(sys.stdin)
# the official SPDX 2.3 schema and the spec-derived SLSA v1 and in-toto ones the tests use
def conforms(name, document):
    with open(sys.argv[1] + "/" + name) as f:
        schema = json.load(f)
    errors = sorted(e.json_path + ": " + e.message
                    for e in jsonschema.validators.validator_for(schema)(schema).iter_errors(document))
    assert not errors, (name, errors[:5])
for statement in documents:
    conforms("in-toto-statement-v0.1.schema.json", statement)
conforms("spdx-2.3.schema.json", documents[0]["predicate"])
conforms("slsa-provenance-v1.schema.json", documents[-1]["predicate"])
statements = [s["predicate"] for s in documents]
sbom, slsa = statements[0], statements[-1]
for key in ("SPDXID", "spdxVersion", "dataLicense", "name", "documentNamespace", "creationInfo"):
    assert key in sbom, key
assert sbom["spdxVersion"] == "SPDX-2.3"
assert all(p["externalRefs"][0]["referenceType"] == "purl" for p in sbom["packages"])
assert slsa["buildDefinition"]["buildType"] and slsa["runDetails"]["builder"]["id"]
assert slsa["buildDefinition"]["internalParameters"]["buildConfig"]["stages"]
assert all(d["digest"]["sha256"] for d in slsa["buildDefinition"]["resolvedDependencies"])' \
        "$repo/stevedore-core/src/test/resources/dev/stevedore/attest" 2> "$work/$name.shape"; then
        pass "stevedore-examples/$name statements valid under the SPDX 2.3 and SLSA v1 schemas, max mode's parts there"
    else
        cat "$work/$name.shape"
        fail "stevedore-examples/$name statements valid under the SPDX 2.3 and SLSA v1 schemas, max mode's parts there"
    fi
    purls=$("$stevedore" sbom --purl "$dest" 2>&1)
    for re in $wanted; do
        if grep -qE "$re" <<< "$purls"; then
            pass "stevedore-examples/$name SBOM has $(grep -E "$re" <<< "$purls" | head -n 1)"
        else
            fail "stevedore-examples/$name SBOM has a package matching $re"
        fi
    done
    if grep -qE "$unwanted" <<< "$purls"; then
        fail "stevedore-examples/$name SBOM has none of the builder's packages, but: $(grep -E "$unwanted" <<< "$purls" | head -n 3 | tr '\n' ' ')"
    else
        pass "stevedore-examples/$name SBOM has none of the builder's packages ($(wc -l <<< "$purls") packages)"
    fi
}

start_attest_registry

if build go; then
    expect_output go "Hello from Go"
    no_toolchain go root/myapp
    has_tools golang:1.20 go
    attested go '^pkg:golang/example\.com/myapp@ ^pkg:golang/stdlib@' '^pkg:deb/'
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
    attested java '^pkg:maven/example/myapp@1\.0$ ^pkg:deb/debian/openjdk-17-jre-headless@' \
        '^pkg:deb/debian/(maven|openjdk-17-jdk-headless|default-jdk-headless)@'
fi
# cache_mounts_travel: (issue #15) the Java example's ~/.m2 cache mount travels through a registry
# cache. Machine A (a fresh store) builds with --cache-to ...,mode=max,cache-mounts=true, and Maven
# downloads its plugins (its "Downloaded from" lines, counted); machine B, another fresh store with
# Main.java edited, builds with --cache-from: `mvn package` reruns and downloads nothing.
cache_mounts_travel() {
    local ctx=$work/java-cache-mounts ref=$attest_registry/cache/java:mounts a b
    rm -rf "$ctx" && cp -r "$here/java" "$ctx"
    # shellcheck disable=SC2086 # the flags, word by word
    local flags="--progress plain --registry-mirror $mirror --insecure-registry $attest_registry"
    if ! STEVEDORE_ROOT=$work/cache-mounts-a "$stevedore" build $flags \
            --cache-to "type=registry,ref=$ref,mode=max,cache-mounts=true" "$ctx" > "$work/cache-mounts-a.log" 2>&1; then
        tail -n 30 "$work/cache-mounts-a.log"
        fail "examples/java builds with --cache-to ...,cache-mounts=true"
        return
    fi
    echo "// edited" >> "$ctx/src/main/java/example/Main.java"
    if ! STEVEDORE_ROOT=$work/cache-mounts-b "$stevedore" build $flags --cache-from "$ref" "$ctx" \
            > "$work/cache-mounts-b.log" 2>&1; then
        tail -n 30 "$work/cache-mounts-b.log"
        fail "examples/java builds in a fresh store with --cache-from and Main.java edited"
        return
    fi
    a=$(grep -c 'Downloaded from' "$work/cache-mounts-a.log" || true)
    b=$(grep -c 'Downloaded from' "$work/cache-mounts-b.log" || true)
    if [ "$a" -gt 0 ] && [ "$b" = 0 ] && grep -q 'RUN --mount=type=cache,target=/root/.m2 mvn package' "$work/cache-mounts-b.log" \
            && ! grep -A3 'RUN --mount=type=cache,target=/root/.m2 mvn package' "$work/cache-mounts-b.log" | grep -q CACHED; then
        pass "examples/java: a fresh store with --cache-from reran mvn package on the edited source with $b downloads (machine A: $a)"
    else
        tail -n 30 "$work/cache-mounts-b.log"
        fail "examples/java: a fresh store with --cache-from reruns mvn package without downloading (downloads: A $a, B $b)"
    fi
    rm -rf --one-file-system "$work/cache-mounts-a" "$work/cache-mounts-b"
}
cache_mounts_travel
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
    attested node '^pkg:deb/debian/nginx@' '^pkg:deb/debian/(nodejs|npm)@|^pkg:npm/'
fi

echo "acceptance: $passed passed, $failed failed"
[ "$failed" = 0 ]
