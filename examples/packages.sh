# Sourced by the example scripts: ensure_packages PACKAGE... installs with apt-get the Debian
# packages that are missing (root; a fresh Debian machine has none of runc, debootstrap, ...).
ensure_packages() {
    local -a missing=()
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
    done
    [ ${#missing[@]} = 0 ] && return
    echo "examples: installing ${missing[*]} (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}
