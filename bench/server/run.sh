#!/usr/bin/env bash
# The warm server (STEVEDORE_SERVER=1) against a fresh JVM per command, by CPU time rather than
# wall time (the machines we have are loaded): user+sys of a no-change rebuild, the client's and,
# when served, the server's share (from /proc/PID/stat). Runs each N times (default 5) and prints
# each run and the median. Wall times are printed too, for a quiet machine.
# Usage: bench/server/run.sh [WORKDIR] [N]   (root: the second context RUNs under runc)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${1:-$(mktemp -d /tmp/server-bench.XXXXXX)}
n=${2:-5}
export STEVEDORE_ROOT="$work/store"
sd="$here/stevedore"
mkdir -p "$work/rootfs/bin" "$work/copy" "$work/run"
cp /bin/busybox "$work/rootfs/bin/busybox"
ln -sf busybox "$work/rootfs/bin/sh"
STEVEDORE_SERVER=0 "$sd" import "$work/rootfs" server-bench-base:0 >/dev/null
printf 'FROM scratch\nCOPY a /a\n' > "$work/copy/Dockerfile"; echo a > "$work/copy/a"
printf 'FROM server-bench-base:0 AS tool\nRUN echo tool > /tool\nFROM server-bench-base:0\nCOPY --from=tool /tool /tool\nRUN echo done > /done\n' \
    > "$work/run/Dockerfile"
tick=$(getconf CLK_TCK)
server_cpu() { # user+sys seconds of the store's server so far; 0 when none runs
    local pid
    pid=$(pgrep -f -- "--root $STEVEDORE_ROOT server" | head -n 1 || true)
    if [ -z "$pid" ]; then echo 0; return; fi
    awk -v t="$tick" '{ printf "%.3f", ($14 + $15) / t }' "/proc/$pid/stat"
}
one() { # mode (fresh|served), context: prints "cpu wall server-cpu" of one no-change rebuild
    local mode=$1 ctx=$2 before after start end
    before=$(server_cpu)
    start=$(date +%s.%N)
    if [ "$mode" = served ]; then
        STEVEDORE_SERVER=1 /usr/bin/time -o "$work/time" -f '%U %S' "$sd" build -q "$ctx" >/dev/null
    else
        STEVEDORE_SERVER=0 /usr/bin/time -o "$work/time" -f '%U %S' "$sd" build -q "$ctx" >/dev/null
    fi
    end=$(date +%s.%N)
    after=$(server_cpu)
    awk -v b="$before" -v a="$after" -v s="$start" -v e="$end" \
        '{ printf "%.3f %.3f %.3f\n", $1 + $2 + (a - b), e - s, a - b }' <(tail -n 1 "$work/time")
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)   cpus: $(nproc)"
for ctx in copy run; do
    STEVEDORE_SERVER=0 "$sd" build -q "$work/$ctx" >/dev/null   # cold, then cached
    STEVEDORE_SERVER=1 "$sd" build -q "$work/$ctx" >/dev/null   # starts the server, warms it
    for mode in fresh served; do
        : > "$work/runs"
        for _ in $(seq "$n"); do one "$mode" "$work/$ctx" >> "$work/runs"; done
        printf '%-5s %-7s cpu(user+sys) median %s s (of which the server %s s), wall median %s s   (runs: %s)\n' \
            "$ctx" "$mode" "$(cut -d' ' -f1 "$work/runs" | median)" "$(cut -d' ' -f3 "$work/runs" | median)" \
            "$(cut -d' ' -f2 "$work/runs" | median)" \
            "$(cut -d' ' -f1 "$work/runs" | tr '\n' ' ')"
    done
done
pid=$(pgrep -f -- "--root $STEVEDORE_ROOT server" | head -n 1 || true)
[ -z "$pid" ] || kill "$pid"
