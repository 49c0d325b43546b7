# Sourced by bench/run: installs and configures the peers (BuildKit through Debian's docker.io,
# and buildah), the local registry that stands in for Docker Hub, and the busybox base image.
# Every function records what it could not do in "$work/notes" instead of stopping the bench:
# a peer that cannot run here is a result too.

registry_host=127.0.0.1:5000
docker=/usr/bin/docker  # /usr/local/bin/docker is a newer client without buildx that refuses BuildKit

note() { echo "$*" | tee -a "$work/notes" >&2; }

install_peers() {
    local missing=()
    [ -x /usr/bin/docker ] && [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
    command -v buildah > /dev/null || missing+=(buildah)
    [ ${#missing[@]} -eq 0 ] && return
    # No systemd here: without a policy-rc.d that refuses, apt tries to start dockerd itself.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod +x /usr/sbin/policy-rc.d
    fi
    echo "installing ${missing[*]} ..." >&2
    # A fresh machine may have no package lists yet.
    if ! { apt-get -o DPkg::Lock::Timeout=600 update -q && DEBIAN_FRONTEND=noninteractive \
            apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"; } \
            > "$work/apt.log" 2>&1; then
        note "apt-get install ${missing[*]} failed: $(tail -1 "$work/apt.log")"
    fi
}

# The registry on $registry_host: examples/bases/make.sh leaves one running with the examples'
# base images; without it (or when it is not there yet) we start a plain docker-registry.
registry_pid=
start_registry() {
    curl -fs "http://$registry_host/v2/" > /dev/null && return
    mkdir -p "$work/registry"
    cat > "$work/registry/config.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry/storage}}
http: {addr: $registry_host}
YML
    /usr/bin/docker-registry serve "$work/registry/config.yml" > "$work/registry/log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 100); do curl -fs "http://$registry_host/v2/" > /dev/null && return; sleep 0.1; done
    echo "the registry on $registry_host did not start: $(tail -1 "$work/registry/log")" >&2
    exit 1
}

# busybox:latest from busybox-static, made by stevedore itself and pushed where all three tools
# look for Docker Hub's images.
push_busybox() {
    local rootfs=$work/busybox/rootfs store=$work/busybox/store
    rm -rf "$work/busybox"
    mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/root"
    cp /bin/busybox "$rootfs/bin/"
    for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$rootfs/bin/$a"; done
    echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
    echo 'root:x:0:' > "$rootfs/etc/group"
    "$stevedore" import --root "$store" -c 'ENV PATH=/bin' -c 'CMD ["sh"]' "$rootfs" busybox:latest > /dev/null
    "$stevedore" push --root "$store" busybox:latest "$registry_host/library/busybox:latest" > /dev/null
}

# A JSON file as docker's daemon.json, for stevedore's --registry-config.
write_stevedore_registry_config() {
    printf '{"registry-mirrors": ["http://%s"], "insecure-registries": ["%s"]}\n' \
        "$registry_host" "$registry_host" > "$work/registries.json"
}

# docker: the mirror in /etc/docker/daemon.json (merged into what is there), then dockerd started
# by hand when none answers, or told to reload its configuration when one does.
dockerd_pid=
docker_ready() {
    [ -x "$docker" ] || { note "docker: $docker is not installed"; return 1; }
    mkdir -p /etc/docker
    remember_host_file /etc/docker/daemon.json
    python3 - "$registry_host" <<'PY'
import json, os, sys
host, path = sys.argv[1], "/etc/docker/daemon.json"
conf = json.load(open(path)) if os.path.exists(path) else {}
for key, value in (("registry-mirrors", "http://" + host), ("insecure-registries", host)):
    if value not in conf.setdefault(key, []):
        conf[key].append(value)
json.dump(conf, open(path, "w"), indent=2)
PY
    if "$docker" info > /dev/null 2>&1; then
        # registry-mirrors and insecure-registries are among the options dockerd reloads on SIGHUP.
        [ -r /var/run/docker.pid ] && kill -HUP "$(cat /var/run/docker.pid)" && sleep 1
    else
        /usr/sbin/dockerd > "$work/dockerd.log" 2>&1 &
        dockerd_pid=$!
        for _ in $(seq 60); do "$docker" info > /dev/null 2>&1 && break; sleep 0.5; done
        if ! "$docker" info > /dev/null 2>&1; then
            note "docker: dockerd does not run in this sandbox: $(grep -i -m1 -E 'level=(fatal|error)' "$work/dockerd.log" || tail -1 "$work/dockerd.log")"
            return 1
        fi
    fi
    if ! "$docker" info --format '{{json .RegistryConfig.Mirrors}}' | grep -q "$registry_host"; then
        note "docker: dockerd does not use the mirror http://$registry_host (restart it to read /etc/docker/daemon.json)"
        return 1
    fi
}

# buildah: runc instead of crun 1.8 (which fails on these machines' mixed cgroup setup), and the
# local registry as the mirror of docker.io, in a drop-in that leaves registries.conf alone.
buildah_ready() {
    command -v buildah > /dev/null || { note "buildah: not installed"; return 1; }
    if [ ! -e /etc/containers/containers.conf ]; then
        printf '[engine]\nruntime = "runc"\n' > /etc/containers/containers.conf
    elif ! grep -qE '^\s*runtime\s*=\s*"runc"' /etc/containers/containers.conf; then
        note "buildah: /etc/containers/containers.conf exists without runtime = \"runc\"; add it under [engine]"
        return 1
    fi
    mkdir -p /etc/containers/registries.conf.d
    remember_host_file /etc/containers/registries.conf.d/50-stevedore-bench.conf
    cat > /etc/containers/registries.conf.d/50-stevedore-bench.conf <<CONF
# Written by Stevedore's bench/run: Docker Hub's images come from the local registry.
unqualified-search-registries = ["docker.io"]
[[registry]]
prefix = "docker.io"
location = "docker.io"
[[registry.mirror]]
location = "$registry_host"
insecure = true
CONF
}

# The host's registry configuration the peers' set-up changes, put back as it was when the bench
# ends: Stevedore reads daemon.json and registries.conf.d too, so a mirror left behind would reach
# every later build and test on this machine.
remembered=()
remember_host_file() {
    local f=$1 saved="$work/host-files/$(echo "$1" | tr / _)"
    case " ${remembered[*]} " in *" $f "*) return 0 ;; esac
    mkdir -p "$work/host-files"
    if [ -e "$f" ]; then cp -p "$f" "$saved"; else rm -f "$saved"; fi
    remembered+=("$f")
}
restore_host_files() {
    local f saved
    for f in "${remembered[@]}"; do
        saved="$work/host-files/$(echo "$f" | tr / _)"
        if [ -e "$saved" ]; then cp -p "$saved" "$f"; else rm -f "$f"; fi
    done
}

stop_started() {
    restore_host_files
    [ -n "$dockerd_pid" ] && kill "$dockerd_pid" 2>/dev/null && wait "$dockerd_pid" 2>/dev/null
    [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null
    return 0
}
