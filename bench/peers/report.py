"""bench/RESULTS.md from a bench/run work directory: times.tsv (scenario, tool, repetition,
seconds or "failed"), versions.tsv, notes, load-start, load-end. Usage: report.py WORK "TOOLS"
"""
import os
import platform
import statistics
import subprocess
import sys
import time

work, tools = sys.argv[1], sys.argv[2].split()
ours = [t for t in tools if t in ("stevedore", "served")]
peers = [t for t in tools if t not in ours]
names = {"stevedore": "Stevedore", "served": "Stevedore, warm server", "buildah": "buildah bud --layers",
         "docker": "docker build (BuildKit)"}


def read(name):
    path = os.path.join(work, name)
    return open(path).read().strip() if os.path.exists(path) else ""


times, order = {}, []
for line in read("times.tsv").splitlines():
    scenario, tool, _rep, seconds = line.split("\t")
    if scenario not in order:
        order.append(scenario)
    times.setdefault((scenario, tool), []).append(None if seconds == "failed" else float(seconds))


def median(scenario, tool):
    runs = times.get((scenario, tool), [])
    ok = [s for s in runs if s is not None]
    return statistics.median(ok) if ok and len(ok) == len(runs) else None


def cell(scenario, tool):
    runs = times.get((scenario, tool))
    if not runs:
        return "–"
    m = median(scenario, tool)
    if m is None:
        return f"failed ({sum(s is None for s in runs)} of {len(runs)})"
    return f"{m:.2f} s" if m < 1 else f"{m:.1f} s"  # no-change rebuilds take tenths of a second


def ratio(scenario, peer, tool="stevedore"):
    ours, theirs = median(scenario, tool), median(scenario, peer)
    return f"{ours / theirs:.2f}" if ours is not None and theirs else "–"


meminfo = dict(line.split(":", 1) for line in open("/proc/meminfo").read().splitlines())
ram_gib = int(meminfo["MemTotal"].split()[0]) / 1024 / 1024
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
os_name = next((l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release")
                if l.startswith("PRETTY_NAME=")), "?")
reps = max((len(v) for v in times.values()), default=0)

out = []
w = out.append
w("# Benchmarks: Stevedore, BuildKit and Buildah")
w("")
w(f"Written by `bench/run` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
  f"{reps} repetition(s) of each scenario, the tools interleaved (each repetition starts with "
  "the next tool), medians of wall-clock seconds. **Ratio** is Stevedore's median divided by "
  "the peer's: below 1 Stevedore is faster.")
w("")
w("## Machine")
w("")
w(f"- {os.cpu_count()} cores ({cpu}), {ram_gib:.0f} GiB RAM, kernel {platform.release()}, {os_name}")
w(f"- load at start: `{read('load-start')}`")
w(f"- load at end: `{read('load-end')}`")
w("- The machine is shared: other engineers' builds and tests ran at the same time, so single "
  "times are noisy; the interleaving spreads that noise over all tools alike.")
w("")
w("## Versions")
w("")
for line in read("versions.tsv").splitlines():
    tool, version = line.split("\t", 1)
    w(f"- {tool}: {version}")
w("")
w("## Medians")
w("")
header = (["scenario"] + [names.get(t, t) for t in tools]
          + [f"{'warm server ' if o == 'served' else ''}ratio to {p}" for o in ours for p in peers])
w("| " + " | ".join(header) + " |")
w("|" + "---|" * len(header))
for scenario in order:
    row = [scenario] + [cell(scenario, t) for t in tools] + [ratio(scenario, p, o) for o in ours for p in peers]
    w("| " + " | ".join(row) + " |")
w("")
w("Scenarios: 1 cold = empty build cache, base images already local (Stevedore: a fresh store "
  "into which the bases were pulled and unpacked; buildah: its built and untagged intermediate images "
  "removed; docker: `docker builder prune -af` and the built images removed); 2 no-change = "
  "the same build again (the column \"Stevedore, warm server\": the same rebuild once more through "
  "Stevedore's warm server, `STEVEDORE_SERVER=1`, started and warmed by an untimed rebuild); 3 one-file = after appending a comment to one source file; 4 four "
  "independent stages (`sleep 2` and 100 MB through `sha256sum` each) and a final stage "
  "copying from all, cold; 5 a builder stage that COPYs a context of 20,000 files of random "
  "bytes, 500 MiB in all, cold, unchanged, then with one file edited. The peers' RUN steps use the host's network "
  "(`--network host`); Stevedore's use its default, a private network (slirp4netns), set up "
  "once per build and lent to one RUN at a time. Pulls of base images are not timed. "
  "buildah runs with its defaults otherwise, which include one stage at a time (`--jobs 1`).")
notes = read("notes")
if notes:
    w("")
    w("## Notes from this run")
    w("")
    for line in notes.splitlines():
        w(f"- {line}")
print("\n".join(out))
