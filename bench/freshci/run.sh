#!/usr/bin/env bash
# "Fresh CI runner" benchmark (issue 15; not part of the tests): for each example (go, java,
# node), the time of a cold build in an empty store, against a build in another empty store with
# --cache-from the registry cache that a first machine wrote with --cache-to mode=max. Both
# stores get the base images from the examples' registry (examples/bases/make.sh, 127.0.0.1:5000,
# as a mirror of Docker Hub), so both runs pull the bases; the cached run downloads only what
# its result needs from the cache. A third run edits one source file first (the usual CI run:
# one commit's change). Prints one line per example and run; figures go to bench/RESULTS.md.
# Usage: bench/freshci/run.sh [workdir] [runs]   (root; run on a quiet machine)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d "${1:-/tmp}/stevedore-freshci-bench.XXXXXX")
runs=${2:-3}
mirror=http://${EXAMPLES_REGISTRY:-127.0.0.1:5000}
registry_pid=
cleanup() { [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$here/examples/bases/make.sh" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/config.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/registry}}
http: {addr: 127.0.0.1:$port}
YML
/usr/bin/docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
cache=127.0.0.1:$port

"$here/stevedore" --version >/dev/null  # build the jar outside the timing
now() { date +%s.%N; }
build() {  # store context extra-flags... -> seconds
    local store=$1 ctx=$2; shift 2
    local t0; t0=$(now)
    "$here/stevedore" build --root "$store" --registry-mirror "$mirror" --insecure-registry "$cache" \
        --build-arg SOURCE_DATE_EPOCH=1700000000 --progress plain "$@" "$ctx" >"$work/last.log" 2>&1
    python3 -c "print(f'{$(now)-$t0:.1f}')"
}
edit() {  # context -> appends a comment to one source file
    case $1 in
        */go) echo "// edited $RANDOM" >> "$1/main.go" ;;
        */java) f=$(find "$1/src" -name '*.java' | head -1); echo "// edited $RANDOM" >> "$f" ;;
        */node) f=$(find "$1/src" -type f | head -1); echo "// edited $RANDOM" >> "$f" ;;
    esac
}

printf '%-6s %-28s %s\n' example run seconds
for example in go java node; do
    for run in $(seq "$runs"); do
        ctx="$work/ctx-$example-$run"; cp -r "$here/examples/$example" "$ctx"
        ref="$cache/cache/$example:$run"
        printf '%-6s %-28s %s\n' "$example" "cold (no cache)" "$(build "$work/a-$example-$run" "$ctx" --cache-to "type=registry,ref=$ref,mode=max")"
        printf '%-6s %-28s %s\n' "$example" "fresh store, --cache-from" "$(build "$work/b-$example-$run" "$ctx" --cache-from "$ref")"
        edit "$ctx"
        printf '%-6s %-28s %s\n' "$example" "fresh store, one file edited" "$(build "$work/c-$example-$run" "$ctx" --cache-from "$ref")"
        grep -c ' CACHED$' "$work/last.log" | sed "s/^/$example   (steps cached in the edited run: /; s/\$/)/"
        rm -rf "$work/a-$example-$run" "$work/b-$example-$run" "$work/c-$example-$run"
    done
done

# Cache mounts travel (cache-mounts=true): the Go example keeps its build cache in a cache mount
# (Go 1.20 compiles the standard library into GOCACHE, so a fresh runner's first `go build`
# compiles it all). A machine writes the cache with and without the mounts; a fresh store with
# one file edited reruns `go build`, with an empty or with the restored build cache.
printf '%-6s %-28s %s\n' example run seconds
for run in $(seq "$runs"); do
    ctx="$work/ctx-gomount-$run"; cp -r "$here/examples/go" "$ctx"
    with="$cache/cache/gomount:with-$run"; without="$cache/cache/gomount:without-$run"
    build "$work/a-gomount-$run" "$ctx" --cache-to "type=registry,ref=$with,mode=max,cache-mounts=true" \
        --cache-to "type=registry,ref=$without,mode=max" >/dev/null
    edit "$ctx"
    printf '%-6s %-28s %s\n' go "edited, steps only" "$(build "$work/b-gomount-$run" "$ctx" --cache-from "$without")"
    printf '%-6s %-28s %s\n' go "edited, + cache mounts" "$(build "$work/c-gomount-$run" "$ctx" --cache-from "$with")"
    rm -rf "$work/a-gomount-$run" "$work/b-gomount-$run" "$work/c-gomount-$run"
done
