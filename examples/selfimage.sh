#!/usr/bin/env bash
# The self-image tier of CI (issue #19): Stevedore's own image, built by Stevedore from the root
# Dockerfile as it is (its bases are stand-ins on the examples' registry, found through
# --registry-mirror), pushed there, unpacked by umoci and run by runc as an unprivileged pod
# would run it; inside, Stevedore builds the Go example and pushes it to the same registry. The
# pushed image (read by skopeo) must have the id of root's build on the host (SOURCE_DATE_EPOCH).
#
# The pods (runc's config.json, written below from the one umoci makes for the image):
#   rootless   deploy/kubernetes/job.yaml's securityContext: user 1000 (the image's stevedore, with
#              subordinate ids), capabilities: drop ALL, add SETUID/SETGID/SETFCAP (newuidmap's),
#              privilege escalation allowed (file capabilities), seccomp Unconfined, /proc unmasked
#              (procMount: Unmasked). Stevedore makes its user namespace and runs runc rootless.
#   chroot     the pod where not even user namespaces are allowed: user 0 with the container
#              runtime's default capabilities (no CAP_SYS_ADMIN: no mount at all), no privilege
#              escalation, /proc masked as Kubernetes masks it, `build --isolation chroot` (the
#              native snapshotter, RUN in a chroot: Kaniko's case).
# Both share the host's network (hostNetwork: true), as the registry is on 127.0.0.1; the
# store is a directory of the host bound in (an emptyDir).
#
# Needs root (runc, and the stand-ins: examples/bases/make.sh, whose registry this uses).
# Prints "N passed, N failed"; exits 1 when a check failed. Environment: EXAMPLES_REGISTRY;
# KEEP_WORK=1 keeps the work directory (the logs, the bundle, the pods' config.json and stores).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
registry=${EXAMPLES_REGISTRY:-127.0.0.1:5000}
mirror=http://$registry
epoch=1700000000

[ "$(id -u)" = 0 ] || { echo "selfimage: needs root" >&2; exit 1; }
. "$repo/tools/java.sh"
stevedore_find_java || exit 1
"$repo/tools/prerequisites.sh" examples
"$here/bases/make.sh" golang alpine maven:3.9-eclipse-temurin-25 eclipse-temurin:25-jre
stevedore="$repo/stevedore"

work=$(mktemp -d /var/tmp/stevedore-selfimage.XXXXXX)
[ -n "${KEEP_WORK:-}" ] || trap 'rm -rf --one-file-system "$work"' EXIT
chmod 755 "$work"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit; }
seconds() { echo $(($(date +%s) - $1)); }

# 1. Stevedore's image, by Stevedore, from the Dockerfile as a user has it: only the mirror differs.
self=$registry/stevedore-ci/stevedore:selfimage
started=$(date +%s)
if "$stevedore" build --progress plain --registry-mirror "$mirror" -t "$self" "$repo" > "$work/self.log" 2>&1 &&
        "$stevedore" push "$self" >> "$work/self.log" 2>&1; then
    pass "Stevedore's image built by Stevedore from the root Dockerfile and pushed ($(seconds "$started")s)"
else
    tail -n 30 "$work/self.log"
    fail "Stevedore's image builds from the root Dockerfile"
    finish
fi

# 2. Its bundle: the pushed image, unpacked by umoci (owners kept), and its user's subordinate ids.
skopeo copy -q --src-tls-verify=false "docker://$self" "oci:$work/self.oci:self" > /dev/null
umoci unpack --image "$work/self.oci:self" "$work/bundle" > /dev/null
rootfs=$work/bundle/rootfs
if [ "$(stat -c %u "$rootfs/home/stevedore")" = 1000 ] && grep -qx 'stevedore:100000:65536' "$rootfs/etc/subuid" &&
        getcap "$rootfs/usr/bin/newuidmap" | grep -q 'cap_setuid,cap_setfcap=ep' && [ -x "$rootfs/usr/sbin/runc" ] && [ -x "$rootfs/usr/bin/git" ]; then
    pass "the image has the user stevedore (1000) with subordinate ids, newuidmap with file capabilities, runc and git"
else
    fail "the image has the user stevedore (1000) with subordinate ids, newuidmap with file capabilities, runc and git"
fi

# 3. Root's build of the Go example on the host: the id the pods' builds must give.
build=(build -q --network host --build-arg "SOURCE_DATE_EPOCH=$epoch" --registry-mirror "$mirror")
root_id=$("$stevedore" "${build[@]}" "$here/go" 2> "$work/go.root.log") ||
    { tail -n 20 "$work/go.root.log"; fail "examples/go builds as root on the host"; finish; }
cp -r "$here/go" "$work/go"
# The chroot pod has no mount privilege at all (Kaniko's case), where --isolation chroot refuses
# RUN --mount rather than run without it (a cache or secret left out would end up in the layer):
# it builds the example with its cache mounts taken out, and must give root's id for that.
cp -r "$here/go" "$work/go-nomounts"
python3 - "$work/go-nomounts/Dockerfile" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
open(sys.argv[1], "w").write(re.sub(r"--mount=\S+\s+(\\\n\s*)?", "", text))
EOF
grep -q -- --mount= "$work/go-nomounts/Dockerfile" && { fail "examples/go without its cache mounts"; finish; }
root_id_nomounts=$("$stevedore" "${build[@]}" "$work/go-nomounts" 2> "$work/go-nomounts.root.log") ||
    { tail -n 20 "$work/go-nomounts.root.log"; fail "examples/go without its cache mounts builds as root on the host"; finish; }
chmod -R a+rX "$work/go" "$work/go-nomounts"

# pod NAME: runc's config.json for the pod NAME (see the top), from umoci's, running
# `stevedore ARGS...` (the image's entrypoint) with the store on $work/NAME-store.
pod() {
    local name=$1
    shift
    mkdir -p "$work/$name-store"
    local context=$work/go
    [ "$name" = chroot ] && context=$work/go-nomounts
    python3 - "$work/bundle/config.json" "$work/$name.json" "$name" "$work/$name-store" "$context" "$@" <<'EOF'
import json, sys
source, target, name, store, context, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
spec = json.load(open(source))
process, linux = spec["process"], spec["linux"]
entrypoint = ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/stevedore/stevedore.jar"]
assert process["args"][:len(entrypoint)] == entrypoint, process["args"]
process["args"] = entrypoint + args
process["terminal"] = False
# the store on the volume, as job.yaml has it (root's store is not under XDG_DATA_HOME: --root)
process["env"] = [e for e in process["env"] if not e.startswith("XDG_DATA_HOME=")] + ["XDG_DATA_HOME=/var/lib/stevedore-data"]
if name == "chroot":
    process["args"][len(entrypoint):len(entrypoint)] = ["--root", "/var/lib/stevedore-data/stevedore"]
# containerd's default capabilities: what a pod's root has unless it drops them
default_caps = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
                "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
                "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"]
if name == "rootless":
    process["user"] = {"uid": 1000, "gid": 1000, "additionalGids": [1000]}
    # drop ALL, add SETUID/SETGID/SETFCAP: in the bounding set only, as a non-root user's (newuidmap's
    # file capabilities give them when it runs: allowPrivilegeEscalation: true leaves no_new_privs off)
    process["capabilities"] = {"bounding": ["CAP_SETUID", "CAP_SETGID", "CAP_SETFCAP"], "effective": [], "permitted": [],
                               "inheritable": [], "ambient": []}
    process["noNewPrivileges"] = False
    linux["maskedPaths"], linux["readonlyPaths"] = [], []       # procMount: Unmasked
else:
    process["user"] = {"uid": 0, "gid": 0}
    process["capabilities"] = {k: default_caps for k in ("bounding", "effective", "permitted")}
    process["noNewPrivileges"] = True
    linux["maskedPaths"] = ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
                            "/sys/firmware", "/sys/devices/virtual/powercap"]
    linux["readonlyPaths"] = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
linux.pop("seccomp", None)                                      # seccompProfile: Unconfined
linux.pop("uidMappings", None); linux.pop("gidMappings", None)
# the pod's namespaces but the network (hostNetwork: true: the registry is on 127.0.0.1)
linux["namespaces"] = [{"type": t} for t in ("pid", "ipc", "uts", "mount", "cgroup")]
spec["root"] = {"path": "rootfs", "readonly": False}
spec["mounts"] = [m for m in spec["mounts"] if m["destination"] not in ("/var/lib/stevedore-data", "/workspace/go")] + [
    {"destination": "/var/lib/stevedore-data", "type": "bind", "source": store, "options": ["rbind", "rw"]},
    {"destination": "/workspace/go", "type": "bind", "source": context, "options": ["rbind", "ro"]},
]
json.dump(spec, open(target, "w"), indent=1)
EOF
}

# run_pod NAME: runs the pod NAME's config in the bundle; its output in $work/NAME.log.
run_pod() {
    local name=$1
    cp "$work/$name.json" "$work/bundle/config.json"
    runc --root "$work/runc" run --bundle "$work/bundle" "stevedore-selfimage-$name-$$" \
        > "$work/$name.out" 2> "$work/$name.log" < /dev/null
}

# pushed_id REF: the id (config digest) of the image REF in the registry, as skopeo reads it.
pushed_id() {
    echo "sha256:$(skopeo inspect --tls-verify=false --config --raw "docker://$1" | sha256sum | cut -d' ' -f1)"
}

for name in rootless chroot; do
    dest=$registry/stevedore-ci/go:$name
    args=("${build[@]}" --push -t "$dest")
    [ "$name" = chroot ] && args+=(--isolation chroot)
    pod "$name" "${args[@]}" /workspace/go
    [ "$name" = rootless ] && chown 1000:1000 "$work/rootless-store"
    started=$(date +%s)
    if ! run_pod "$name"; then
        tail -n 30 "$work/$name.log"
        fail "examples/go built and pushed inside Stevedore's image ($name pod)"
        continue
    fi
    built=$(tail -n 1 "$work/$name.out")
    pushed=$(pushed_id "$dest")
    expected=$root_id what=examples/go
    [ "$name" = chroot ] && expected=$root_id_nomounts what="examples/go (without its cache mounts)"
    if [ "$built" = "$expected" ] && [ "$pushed" = "$expected" ]; then
        pass "$what built inside Stevedore's image ($name pod, $(seconds "$started")s) and pushed: $pushed, as root's on the host"
    else
        cat "$work/$name.log" | tail -n 20
        fail "$what inside Stevedore's image ($name pod): built $built, pushed $pushed, root's on the host $expected"
    fi
done
finish
