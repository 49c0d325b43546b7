#!/usr/bin/env bash
# The one owner of the Debian packages Stevedore needs: the build, the tests and the examples
# ask it for their group, and nothing else lists packages.
#
# Usage: tools/prerequisites.sh [--check] [GROUP...]     GROUP: build, tests, examples (default: all)
#   As root: installs the missing packages with apt-get (`apt-get update` first, only when one is
#   missing) and prints what it installed. Not root: prints one sentence listing what is missing
#   and the command that installs it, and exits 1. --check: reports the same sentence and exits 1
#   when something is missing, and installs nothing. Exits 0 when nothing is missing.
# Java 25 is not a Debian package (bookworm has 17): tools/java.sh finds one and says how to get it.
set -euo pipefail

# One package a line: the groups that need it (comma-separated), the package, and why. Adding a
# package is adding a line here.
table='
build           maven            builds Stevedore
build,examples  ca-certificates  HTTPS to Maven Central and to registries
build           asciidoctor      the man pages of the distribution (tools/dist.sh), from the AsciiDoc picocli writes
tests           git              ADD of git repositories
tests           tar              the tests read and write archives with the real tar
tests           gzip             compressed archives the tests read
tests           zstd             compressed archives the tests read
tests           xz-utils         compressed archives the tests read
tests           bzip2            compressed archives the tests read
tests,examples  runc             runs RUN steps and `stevedore run`
tests,examples  busybox-static   the busybox image the build tests start from; the alpine stand-in
tests,examples  skopeo           judges our images and registries independently
tests,examples  umoci            judges our images independently (unpacks them)
tests,examples  docker-registry  the real registry the registry tests and the examples talk to
tests           apache2-utils    htpasswd: the bcrypt passwords of the Basic-auth registry
tests           openssl          the certificates of the TLS and token-auth registries
tests,examples  python3          a pseudo-terminal (pty) for the tty progress tests; the attestation checks of examples/acceptance.sh
tests           python3-yaml     reads deploy/kubernetes/job.yaml for its test (no YAML library in the build)
tests,examples  python3-jsonschema validates the SBOM and provenance statements against the SPDX 2.3 and SLSA v1 JSON schemas (the tests, examples/acceptance.sh)
tests           bsdutils         script: the CLI under a pseudo-terminal
tests           zsh              runs the zsh completion script
tests           gcc              compiles the C probes some tests run inside containers (seccomp)
tests           libc6-dev        the C library headers and static libc of those probes
tests,examples  slirp4netns      the private network of RUN steps, with outbound access (the default)
tests,examples  util-linux       unshare: holds the network namespace the RUN steps of a build share (and the chroot isolation)
tests,examples  curl             asks the registries and the nginx example over HTTP
tests,examples  iproute2         ip and ss: network checks in containers and free ports
tests,examples  uidmap           newuidmap/newgidmap: rootless mode maps subordinate ids (the rootless tests and tier)
tests           fuse-overlayfs   the snapshotter after overlayfs (SnapshotterKindsTest, SnapshotterImageIdTest force it)
examples        debootstrap      the Debian root of the stand-in base images (examples/bases)
tests,examples  qemu-user-static emulates other platforms for RUN (stevedore setup binfmt)
tests           golang-go        the Go toolchain the golang stand-in of GoCrossExampleTest is made of
'

# Packages of another architecture, unpacked (not installed) under $foreign_root/ARCH/PACKAGE:
# the groups, the Debian architecture, the package, and why.
foreign_table='
tests,examples  arm64            busybox-static   the arm64 stand-in base image of the multi-platform tests and examples
'
foreign_root=/var/cache/stevedore/foreign

say() { echo "prerequisites: $*" >&2; }

check=
groups=()
for arg in "$@"; do
    case $arg in
        --check) check=1 ;;
        build | tests | examples) groups+=("$arg") ;;
        -h | --help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) say "no group or option $arg (groups: build tests examples; option: --check)"; exit 2 ;;
    esac
done
[ ${#groups[@]} -gt 0 ] || groups=(build tests examples)

# The packages of the asked groups, each once, in the table's order.
wanted=()
while read -r in package _; do
    [ -n "$package" ] || continue
    for group in "${groups[@]}"; do
        if [[ ",$in," == *",$group,"* ]]; then
            wanted+=("$package")
            break
        fi
    done
done <<< "$table"

command -v dpkg-query > /dev/null ||
    { say "finds packages with Debian's dpkg-query and apt-get, and this machine has none: install the packages for ${groups[*]} yourself: ${wanted[*]}."; exit 1; }

missing=()
for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q ' ok installed$' || missing+=("$package")
done
foreign=()
while read -r in arch package _; do
    [ -n "$package" ] || continue
    for group in "${groups[@]}"; do
        if [[ ",$in," == *",$group,"* ]]; then
            [ -d "$foreign_root/$arch/$package" ] || foreign+=("$package:$arch")
            break
        fi
    done
done <<< "$foreign_table"
if [ ${#foreign[@]} != 0 ] && [ -z "$check" ] && [ "$(id -u)" = 0 ]; then
    for item in "${foreign[@]}"; do
        package=${item%:*} arch=${item#*:}
        say "unpacking $package:$arch into $foreign_root/$arch/$package (apt-get download)"
        dpkg --add-architecture "$arch"
        apt-get update -q >&2
        tmp=$(mktemp -d)
        (cd "$tmp" && chmod 755 . && apt-get download -q "$package:$arch" >&2)
        mkdir -p "$foreign_root/$arch"
        dpkg-deb -x "$tmp"/*.deb "$tmp/root"
        mv "$tmp/root" "$foreign_root/$arch/$package"
        rm -rf "$tmp"
    done
    foreign=()
fi
missing+=("${foreign[@]}")
if [ ${#missing[@]} = 0 ]; then
    [ -n "$check" ] || say "the ${#wanted[@]} packages for ${groups[*]} are installed"
    exit 0
fi

self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
install="$self ${groups[*]}"
if [ -n "$check" ] || [ "$(id -u)" != 0 ]; then
    [ "$(id -u)" = 0 ] || install="sudo $install"
    say "missing Debian packages for ${groups[*]}: ${missing[*]}; install them with: $install"
    exit 1
fi

say "installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
say "installed ${missing[*]}"
