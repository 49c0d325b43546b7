#!/usr/bin/env bash
# Where the time of a `RUN true` step goes, and whether it grows with the base's layers: the same
# Dockerfile of $STEPS `RUN true #N` built with --no-cache on a 1-layer base and on a 30-layer base
# (an import and 29 COPYs), under Java Flight Recorder. The engine records each step's phases as
# `dev.stevedore.StepPhase` events (exec.StepPhase): snapshot (prepare the overlay on the base's
# layers), mounts (the RUN's mounts), runc (the container, from create to exit), diff (the layer
# tar of the upper dir), commit (blob and snapshot), and the whole step; "other" is the whole less
# the phases (the workspace's release, the cache record, the driver); `RUN true` changes nothing,
# so it has no layer to commit (commit 0). Prints, per base, the median
# ms per step of each phase, then `runc run` of /bin/true by hand on the same rootfs for scale:
# with `runc spec`'s defaults (no seccomp filter), and with the seccomp filter every RUN gets
# (Docker's profile, as the jar holds it, for this kernel's architectures), which runc compiles on
# every run.
# Usage: bench/phases/run.sh [--reps N] [--steps N] [--keep]   (root: overlay, runc; busybox-static)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
stevedore=${STEVEDORE:-$here/stevedore}
java_home=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
reps=3 steps=${STEPS:-20} keep=no
while [ $# -gt 0 ]; do
    case $1 in
        --reps) reps=$2; shift 2 ;;
        --steps) steps=$2; shift 2 ;;
        --keep) keep=yes; shift ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench/phases: unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "bench/phases: needs root (overlay mounts, runc)" >&2; exit 1; }
for need in runc unzip /bin/busybox python3 "$java_home/bin/jfr"; do
    command -v "$need" > /dev/null || { echo "bench/phases: $need is missing" >&2; exit 1; }
done
work=$(mktemp -d /var/tmp/stevedore-phases.XXXXXX)
[ "$keep" = yes ] && echo "bench/phases: keeping $work" >&2 || trap 'rm -rf "$work"' EXIT
root=$work/store
sd=("$stevedore" --root "$root")

rootfs=$work/rootfs
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$work/ctx"
cp /bin/busybox "$rootfs/bin/"
for a in sh true; do ln -s busybox "$rootfs/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
"${sd[@]}" import "$rootfs" phases-base:1 > /dev/null
{ echo "FROM phases-base:1"; for i in $(seq 1 29); do echo "COPY f$i /f$i"; done; } > "$work/ctx/Dockerfile.base"
for i in $(seq 1 29); do echo "$i" > "$work/ctx/f$i"; done
"${sd[@]}" build -q -f "$work/ctx/Dockerfile.base" -t phases-base:30 "$work/ctx" > /dev/null
for layers in 1 30; do
    { echo "FROM phases-base:$layers"; echo "ENV PATH=/bin"; for i in $(seq 1 "$steps"); do echo "RUN true #$i"; done; } \
        > "$work/ctx/Dockerfile.$layers"
done

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq 1 "$reps"); do
    for layers in 1 30; do   # interleaved, so a change of load touches both alike
        JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$work/rec-$layers-$rep.jfr" \
            "${sd[@]}" build -q --no-cache -f "$work/ctx/Dockerfile.$layers" -t "phases-run:$layers" "$work/ctx" \
            > /dev/null 2> "$work/log-$layers-$rep.txt"
        "$java_home/bin/jfr" print --json --events dev.stevedore.StepPhase "$work/rec-$layers-$rep.jfr" \
            > "$work/phases-$layers-$rep.json"
    done
done

# runc by hand, for scale: the same /bin/true in a bundle on the same rootfs
bundle=$work/bundle
mkdir -p "$bundle"
cp -a "$rootfs" "$bundle/rootfs"
(cd "$bundle" && runc spec)
sed -i -e 's/"terminal": true/"terminal": false/' -e 's/"sh"$/"\/bin\/true"/' "$bundle/config.json"
runc --root "$work/runc" run --bundle "$bundle" "phases-$$-warm" < /dev/null > /dev/null
start=$(date +%s.%N)
for i in $(seq 1 "$steps"); do runc --root "$work/runc" run --bundle "$bundle" "phases-$$-$i" < /dev/null > /dev/null; done
byhand=$(awk -v s="$start" -v e="$(date +%s.%N)" -v k="$steps" 'BEGIN { printf "%.1f", 1000 * (e - s) / k }')
jar=$here/stevedore-cli/target/stevedore.jar
unzip -p "$jar" dev/stevedore/runtime/seccomp-default.json > "$work/seccomp.json"
python3 - "$bundle/config.json" "$work/seccomp.json" "$(uname -m)" <<'PY2'
import json, sys
config, seccomp, machine = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
native = {"x86_64": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
          "aarch64": ["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"]}.get(machine)
if native:
    seccomp["architectures"] = [a for a in seccomp["architectures"] if a in native]
config["linux"]["seccomp"] = seccomp
json.dump(config, open(sys.argv[1], "w"))
PY2
start=$(date +%s.%N)
for i in $(seq 1 "$steps"); do runc --root "$work/runc" run --bundle "$bundle" "phases-$$-s$i" < /dev/null > /dev/null; done
seccomp=$(awk -v s="$start" -v e="$(date +%s.%N)" -v k="$steps" 'BEGIN { printf "%.1f", 1000 * (e - s) / k }')

python3 - "$work" "$reps" "$byhand" "$seccomp" <<'PY'
import json, re, statistics, sys, glob
work, reps, byhand, seccomp = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def ms(d):  # JFR durations print as ISO-8601 ("PT0.012345S")
    m = re.fullmatch(r"PT(?:(\d+)M)?([\d.]+)S", d)
    return 1000 * (int(m.group(1) or 0) * 60 + float(m.group(2))) if m else 0.0
phases = ["snapshot", "mounts", "runc", "diff", "commit", "other", "step"]
table = {}
for layers in (1, 30):
    per_rep = {p: [] for p in phases}
    for path in sorted(glob.glob(f"{work}/phases-{layers}-*.json")):
        events = json.load(open(path))["recording"]["events"]
        steps = {}
        for e in events:
            v = e["values"]
            steps.setdefault(v["step"], {})[v["phase"]] = steps.get(v["step"], {}).get(v["phase"], 0) + ms(v["duration"])
        runs = [s for s in steps.values() if "runc" in s]
        for p in phases:
            if p == "other":
                vals = [s.get("step", 0) - sum(s.get(q, 0) for q in phases[:5]) for s in runs]
            else:
                vals = [s.get(p, 0) for s in runs]
            if vals:
                per_rep[p].append(statistics.mean(vals))
    table[layers] = {p: statistics.median(v) if v else float("nan") for p, v in per_rep.items()}
print()
print("| phase of a `RUN true` step | 1-layer base, ms | 30-layer base, ms |")
print("|---|---|---|")
for p in phases:
    print(f"| {p} | {table[1][p]:.1f} | {table[30][p]:.1f} |")
print(f"| `runc run` by hand (`runc spec`, no seccomp) | {byhand} | |")
print(f"| `runc run` by hand, with RUN's seccomp filter | {seccomp} | |")
PY
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
