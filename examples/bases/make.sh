#!/usr/bin/env bash
# Makes stand-ins for the six Docker Hub images the examples start from (Docker Hub is out of
# reach here; Debian's mirror is not), with Stevedore itself, and serves them from a local
# registry on 127.0.0.1:5000 as 127.0.0.1:5000/library/NAME:TAG:
#
#   golang:1.20    Debian bookworm + golang-go          node:20      + nodejs, npm
#   maven:3.9      + maven, default-jdk-headless         openjdk:17   + a headless JRE
#   nginx:alpine   + nginx, in the foreground             alpine:latest  busybox-static, for
#                                                                        linux/amd64 and linux/arm64
#
# The Debian ones start from `debootstrap --variant=minbase bookworm` brought in with
# `stevedore import`; each is a small Dockerfile beside this script. Then an example builds
# unmodified with `stevedore build --registry-mirror http://127.0.0.1:5000 examples/go`.
# (The versions are Debian's: Go 1.19, Node 18, Maven 3.8, JDK 17, whatever the tags say.)
#
# On request only (named with their tags), the bases of Stevedore's own image (the root
# Dockerfile; examples/selfimage.sh): maven:3.9-eclipse-temurin-25 (the host's Temurin JDK 25 and
# its Maven, from maven-temurin-25/) and eclipse-temurin:25-jre (that JDK jlinked to a runtime,
# from temurin-25-jre/).
#
# Cached: the debootstrap tarball, the registry's data and its config live in $CACHE
# (default /var/cache/stevedore-examples); a stand-in whose recipe (its Dockerfile, plus the
# busybox binary for alpine) is already in the registry, under the label
# dev.stevedore.examples.recipe, is not built again, so a second run takes seconds.
#
# Usage: make.sh [NAME[:TAG]...] makes the named stand-ins only (e.g. `make.sh golang alpine`
# for the Go example); with no argument, the examples' six. After it exits 0 the registry on
# 127.0.0.1:5000 serves them (all six by default). It starts Debian's
# docker-registry there unless something already answers (it then stays up; its pid is in
# $CACHE/registry.pid). Needs root; installs what it needs with tools/prerequisites.sh examples.
# Environment: STEVEDORE_ROOT (the store), CACHE, DEBIAN_MIRROR (default
# http://deb.debian.org/debian), EXAMPLES_REGISTRY (another address than 127.0.0.1:5000).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
stevedore="$repo/stevedore"
# shellcheck source=../../tools/heartbeat.sh
. "$repo/tools/heartbeat.sh"
cache=${CACHE:-/var/cache/stevedore-examples}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
registry=${EXAMPLES_REGISTRY:-127.0.0.1:5000}
base=stevedore-examples/debian:bookworm
# Names the debootstrap root and what is done to it below: change it when that changes, so the
# tarball, the imported base and every stand-in on it are made again.
base_id=bookworm-minbase-2
label=dev.stevedore.examples.recipe
# busybox-static:arm64, unpacked by tools/prerequisites.sh (examples group)
arm64_busybox=/var/cache/stevedore/foreign/arm64/busybox-static/bin/busybox

# name tag: the stand-ins, each made from $here/NAME/Dockerfile.
# name tag [directory on-request]: the stand-ins, each made from $here/DIRECTORY/Dockerfile (the
# directory is the name unless given); an on-request one is made only when named with its tag.
standins=("golang 1.20" "node 20" "nginx alpine" "maven 3.9" "openjdk 17" "alpine latest"
    "maven 3.9-eclipse-temurin-25 maven-temurin-25 on-request"
    "eclipse-temurin 25-jre temurin-25-jre on-request")
# The host's JDK, whose copies the bases of Stevedore's own image are.
host_jdk=/usr/lib/jvm/temurin-25-jdk-amd64

say() { echo "bases: $*" >&2; }
fail() { say "$*"; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, and overlay mounts and runc for RUN)."

registry_up() { curl -fsS -o /dev/null --max-time 2 "http://$registry/v2/" 2>/dev/null; }

ensure_registry() {
    registry_up && return
    say "starting docker-registry on $registry (data in $cache/registry)"
    mkdir -p "$cache/registry"
    cat > "$cache/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $cache/registry
  delete:
    enabled: true
http:
  addr: $registry
EOF
    setsid /usr/bin/docker-registry serve "$cache/registry.yml" \
        > "$cache/registry.log" 2>&1 < /dev/null &
    echo $! > "$cache/registry.pid"
    for _ in $(seq 1 50); do
        registry_up && return
        sleep 0.2
    done
    fail "docker-registry did not answer on $registry; its log: $cache/registry.log"
}

# The host's own CA certificates: on a machine behind a TLS-inspecting proxy (ours are), a
# stand-in whose Dockerfile copies certs/ trusts them too, so Maven reaches Maven Central.
host_cas() {
    find /usr/local/share/ca-certificates -maxdepth 1 -name '*.crt' -type f 2>/dev/null | LC_ALL=C sort
}

uses_host_cas() { grep -q '^COPY certs/' "$here/$1/Dockerfile"; }

uses_host_jdk() { grep -q '^COPY \(jdk\|jre\)/' "$here/$1/Dockerfile"; }

# A copy of the stand-in's directory with jdk/ and maven/ (the host's JDK and Maven, links
# followed: Debian's Maven links its jars from /usr/share/java, the JDK its trust store from
# /etc/ssl/certs) or jre/ (the JDK jlinked to a runtime: its modules but the tools' and the incubating ones).
context_with_host_jdk() {
    local dir=$1 ctx=$cache/$1-context
    rm -rf "$ctx"
    mkdir -p "$ctx"
    cp -r "$here/$dir/." "$ctx/"
    if grep -q '^COPY jdk/' "$here/$dir/Dockerfile"; then
        cp -rL "$host_jdk" "$ctx/jdk"
        cp -rL /usr/share/maven "$ctx/maven"
    else
        local modules
        modules=$("$host_jdk/bin/java" --list-modules | sed 's/@.*//' |
            grep -vxE 'jdk\.(compiler|javadoc|jshell|jlink|jpackage|jdeps|jartool|jconsole|editpad|internal\.(ed|le|opt)|hotspot\.agent|jcmd|jstatd|jdi|graal\..*|internal\.vm\.ci|incubator\..*)' |
            paste -sd, -)
        "$host_jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
            --output "$ctx/jre" >&2
        cp -L /etc/ssl/certs/java/cacerts "$ctx/jre/lib/security/cacerts"
    fi
    echo "$ctx"
}

# The digest that identifies a stand-in's recipe: the files of its directory, and its base
# (the busybox binary for alpine, the Debian root for the others), and the host's CAs it copies.
recipe() {
    local name=$1
    {
        (cd "$here/$name" && find . -type f | LC_ALL=C sort | xargs sha256sum)
        if [ "$name" = alpine ]; then sha256sum /bin/busybox "$arm64_busybox"; else echo "$base_id"; fi
        if uses_host_cas "$name"; then host_cas | xargs -r sha256sum; fi
        if uses_host_jdk "$name"; then
            sha256sum "$host_jdk/release" /usr/share/maven/lib/maven-core*.jar /etc/ssl/certs/java/cacerts
            declare -f context_with_host_jdk
        fi
    } | sha256sum | cut -d' ' -f1
}

# True when the registry holds NAME:TAG made from recipe DIGEST (its config carries the label).
in_registry() {
    local name=$1 tag=$2 digest=$3 manifest config
    local accept='Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json'
    manifest=$(curl -fsS --max-time 10 -H "$accept" \
        "http://$registry/v2/library/$name/manifests/$tag" 2>/dev/null) || return 1
    if printf '%s' "$manifest" | grep -q '"manifests"'; then
        # a multi-platform stand-in (alpine): the recipe is on its first platform's config
        local first
        first=$(printf '%s' "$manifest" | tr -d ' \n' | grep -o 'sha256:[0-9a-f]\{64\}' | head -n 1)
        manifest=$(curl -fsS --max-time 10 -H "$accept" \
            "http://$registry/v2/library/$name/manifests/$first" 2>/dev/null) || return 1
    fi
    config=$(printf '%s' "$manifest" | tr -d ' \n' | grep -o '"config":{[^}]*}' |
        grep -o 'sha256:[0-9a-f]\{64\}' | head -n 1) || return 1
    curl -fsS --max-time 10 "http://$registry/v2/library/$name/blobs/$config" 2>/dev/null |
        grep -qF "$digest"
}

# Removes a debootstrap directory, first unmounting what a killed debootstrap may have left
# mounted in it (proc, sys, ...), and never crossing into another file system.
remove_root() {
    [ -d "$1" ] || return 0
    local dir
    dir=$(cd "$1" && pwd -P)
    awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l
    rm -rf --one-file-system "$dir"
}

# Debian bookworm, minbase, as a tarball under $cache, made once; then imported into the store.
# Leftovers of a run killed during debootstrap are removed first.
debian_tarball() {
    local tarball=$cache/$base_id.tar
    [ -s "$tarball" ] && { echo "$tarball"; return; }
    local tmp old
    for old in "$cache"/debootstrap.*/; do remove_root "$old"; done
    tmp=$(mktemp -d "$cache/debootstrap.XXXXXX")
    # shellcheck disable=SC2064 # the directory, now: the variable is gone when the trap runs
    trap "remove_root '$tmp'" EXIT
    say "debootstrap --variant=minbase bookworm from $mirror (once; a few minutes)"
    if ! heartbeat "bases: debootstrap" "$cache/debootstrap.log" \
            debootstrap --variant=minbase bookworm "$tmp/rootfs" "$mirror"; then
        tail -n 20 "$cache/debootstrap.log" >&2
        fail "debootstrap failed; its log: $cache/debootstrap.log"
    fi
    local r=$tmp/rootfs
    # What Debian's own container images do: daemons are not started by package scripts (no
    # init here), dpkg does not fsync every file (a build step either completes or is thrown
    # away), documentation is not installed, and no host-specific file stays behind.
    printf '#!/bin/sh\nexit 101\n' > "$r/usr/sbin/policy-rc.d"
    chmod 755 "$r/usr/sbin/policy-rc.d"
    echo force-unsafe-io > "$r/etc/dpkg/dpkg.cfg.d/unsafe-io"
    printf 'path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\n' \
        > "$r/etc/dpkg/dpkg.cfg.d/excludes"
    rm -rf "$r/var/lib/apt/lists/"* "$r/var/cache/apt/"*.bin "$r/var/cache/apt/archives/"*.deb
    rm -f "$r/etc/resolv.conf" "$r/etc/hostname"
    tar --numeric-owner --xattrs -C "$r" -cf "$tmp/rootfs.tar" .
    mv "$tmp/rootfs.tar" "$tarball"
    remove_root "$tmp"
    trap - EXIT
    echo "$tarball"
}

ensure_base() {
    "$stevedore" history --no-trunc "$base" 2>/dev/null | grep -qF "$base_id:" && return
    local tarball
    tarball=$(debian_tarball)
    say "stevedore import $tarball $base"
    "$stevedore" import -m "$base_id: debootstrap --variant=minbase bookworm" \
        -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["bash"]' \
        "$tarball" "$base" > /dev/null
}

# The alpine stand-in's context: busybox-static of amd64 (the host's) and of arm64 (unpacked
# by tools/prerequisites.sh), each with a symlink per applet, in rootfs-ARCH.
busybox_context() {
    local ctx=$cache/alpine-context arch
    rm -rf "$ctx"
    for arch in amd64 arm64; do
        mkdir -p "$ctx/rootfs-$arch/bin"
        local applet
        for applet in $(/bin/busybox --list); do
            [ "$applet" = busybox ] || ln -s busybox "$ctx/rootfs-$arch/bin/$applet"
        done
    done
    cp /bin/busybox "$ctx/rootfs-amd64/bin/busybox"
    cp "$arm64_busybox" "$ctx/rootfs-arm64/bin/busybox"
    cp "$here/alpine/Dockerfile" "$ctx/Dockerfile"
    echo "$ctx"
}

# A copy of the stand-in's directory with certs/ holding the host's CAs.
context_with_host_cas() {
    local name=$1 ctx=$cache/$1-context
    rm -rf "$ctx"
    mkdir -p "$ctx/certs"
    cp -r "$here/$name/." "$ctx/"
    host_cas | xargs -r cp -t "$ctx/certs/"
    echo "$ctx"
}

build_and_push() {
    local name=$1 tag=$2 digest=$3 dir=$4 context=$here/$4
    local platforms=()
    if [ "$name" = alpine ]; then
        context=$(busybox_context)
        # both platforms, one index; the arm64 RUN under qemu-user-static
        "$stevedore" setup binfmt --install linux/arm64 > /dev/null
        platforms=(--platform linux/amd64,linux/arm64)
    fi
    uses_host_cas "$dir" && context=$(context_with_host_cas "$dir")
    uses_host_jdk "$dir" && context=$(context_with_host_jdk "$dir")
    [ "$name" = alpine ] || ensure_base
    say "building $name:$tag (its log: $cache/$dir.build.log)"
    # Minutes of apt-get for the Debian ones: the heartbeat shows the build's last line.
    if ! heartbeat "bases: building $name:$tag" "$cache/$dir.build.log" \
            "$stevedore" build --progress plain "${platforms[@]}" --build-arg "RECIPE=$digest" -t "$registry/library/$name:$tag" "$context"; then
        tail -n 30 "$cache/$dir.build.log" >&2
        fail "building $name:$tag failed; its log: $cache/$dir.build.log"
    fi
    "$stevedore" push "$registry/library/$name:$tag" > /dev/null
}

# True when the stand-in NAME TAG (ON_REQUEST: "on-request" or empty) is wanted by the
# arguments that follow: with none, all but the on-request ones; else those named NAME (not
# on request) or NAME:TAG.
wanted() {
    local name=$1 tag=$2 on_request=$3 arg
    shift 3
    [ $# -gt 0 ] || { [ -z "$on_request" ]; return; }
    for arg in "$@"; do
        [ "$arg" = "$name:$tag" ] && return 0
        [ "$arg" = "$name" ] && [ -z "$on_request" ] && return 0
    done
    return 1
}

for arg in "$@"; do
    known=
    for standin in "${standins[@]}"; do
        read -r name tag dir on_request <<< "$standin"
        wanted "$name" "$tag" "$on_request" "$arg" && known=1
    done
    [ -n "$known" ] || fail "no stand-in named $arg (there are: golang node nginx maven openjdk alpine, and on request maven:3.9-eclipse-temurin-25 eclipse-temurin:25-jre)"
done
mkdir -p "$cache"
"$repo/tools/prerequisites.sh" examples
ensure_registry
for standin in "${standins[@]}"; do
    read -r name tag dir on_request <<< "$standin"
    wanted "$name" "$tag" "$on_request" "$@" || continue
    dir=${dir:-$name}
    digest=$(recipe "$dir")
    if in_registry "$name" "$tag" "$digest"; then
        say "$name:$tag is in the registry"
    else
        build_and_push "$name" "$tag" "$digest" "$dir"
        in_registry "$name" "$tag" "$digest" || fail "$registry/library/$name:$tag is not in the registry after the push"
        say "$name:$tag pushed to $registry"
    fi
done
say "the registry on $registry serves the stand-ins"
