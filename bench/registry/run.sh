#!/usr/bin/env bash
# Registry benchmark (not part of the tests): push and pull of a ~500 MB image (5 layers of
# random bytes) between our store and a local docker-registry, next to `skopeo copy` of the same
# OCI layout run the same way, in MB/s. Each measurement gets a fresh registry, so nothing is
# skipped as already present. Usage: bench/registry/run.sh [workdir [MB]]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d "${1:-/tmp}/stevedore-registry-bench.XXXXXX")
mb=${2:-500}
registry_pid=
cleanup() { [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

start_registry() {
    [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null || true
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    rm -rf "$work/storage"
    cat > "$work/config.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $work/storage}}
http: {addr: 127.0.0.1:$port}
YML
    /usr/bin/docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && return; sleep 0.1; done
    echo "registry did not start" >&2; exit 1
}

blob() {  # file media-type -> descriptor JSON; moves the file into the layout
    local d; d=$(sha256sum "$1" | cut -d' ' -f1); local s; s=$(stat -c %s "$1")
    mv "$1" "$work/store/oci/blobs/sha256/$d"
    printf '{"mediaType":"%s","digest":"sha256:%s","size":%d}' "$2" "$d" "$s"
}

# An OCI layout in our store's place, tagged docker.io/bench/img:1.
mkdir -p "$work/store/oci/blobs/sha256"
echo '{"imageLayoutVersion":"1.0.0"}' > "$work/store/oci/oci-layout"
layers=(); diffs=()
for i in 1 2 3 4 5; do
    head -c $((mb / 5))M /dev/urandom > "$work/f$i"
    tar -C "$work" -cf "$work/l$i" "f$i"; rm "$work/f$i"
    diffs+=("\"sha256:$(sha256sum "$work/l$i" | cut -d' ' -f1)\"")
    layers+=("$(blob "$work/l$i" application/vnd.oci.image.layer.v1.tar)")
done
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[%s]}}' \
    "$(IFS=,; echo "${diffs[*]}")" > "$work/config"
config=$(blob "$work/config" application/vnd.oci.image.config.v1+json)
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":%s,"layers":[%s]}' \
    "$config" "$(IFS=,; echo "${layers[*]}")" > "$work/manifest"
manifest=$(blob "$work/manifest" application/vnd.oci.image.manifest.v1+json)
printf '{"schemaVersion":2,"manifests":[%s]}' \
    "${manifest%\}},\"annotations\":{\"org.opencontainers.image.ref.name\":\"docker.io/bench/img:1\"}}" \
    > "$work/store/oci/index.json"
total=$(du -sb "$work/store/oci/blobs" | cut -f1)

"$here/stevedore" --version >/dev/null  # build the jar outside the timing
rate() { python3 -c "print(f'{$total/1e6/($2-$1):8.1f} MB/s  ({($2-$1):.1f} s)')"; }
now() { date +%s.%N; }

start_registry; t0=$(now)
"$here/stevedore" push --root "$work/store" docker.io/bench/img:1 "127.0.0.1:$port/bench/img:1" >/dev/null
t1=$(now); echo "stevedore push  $(rate "$t0" "$t1")"
t0=$(now)
"$here/stevedore" pull --root "$work/pulled" "127.0.0.1:$port/bench/img:1" >/dev/null
t1=$(now); echo "stevedore pull  $(rate "$t0" "$t1")"

start_registry; t0=$(now)
skopeo copy -q --dest-tls-verify=false "oci:$work/store/oci:docker.io/bench/img:1" "docker://127.0.0.1:$port/bench/img:1"
t1=$(now); echo "skopeo copy up  $(rate "$t0" "$t1")"
t0=$(now)
skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$port/bench/img:1" "oci:$work/skopeo:img"
t1=$(now); echo "skopeo copy down $(rate "$t0" "$t1")"
echo "($((total / 1000000)) MB image, 5 layers)"
