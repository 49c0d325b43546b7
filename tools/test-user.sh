#!/usr/bin/env bash
# Creates (once) the unprivileged user the rootless tests and the rootless CI tier run Stevedore
# as, with subordinate uids and gids for newuidmap/newgidmap. Needs root. Usage:
#   tools/test-user.sh [--no-subids] [NAME]     (default: stevedore-test); prints the user's name.
# --no-subids: the user has no subordinate ids (rootless mode's single-id mapping); default name
# stevedore-nosub.
set -euo pipefail
subids=1
if [ "${1:-}" = --no-subids ]; then
    subids=
    shift
fi
user=${1:-$([ -n "$subids" ] && echo stevedore-test || echo stevedore-nosub)}
[ "$(id -u)" = 0 ] || { echo "test-user: needs root to create $user" >&2; exit 1; }
id -u "$user" > /dev/null 2>&1 || useradd --create-home --shell /bin/sh "$user"
if [ -n "$subids" ]; then
    # useradd grants 65536 subordinate ids itself where login.defs says so; else a range of our own
    grep -q "^$user:" /etc/subuid 2> /dev/null || usermod --add-subuids 300000-365535 "$user"
    grep -q "^$user:" /etc/subgid 2> /dev/null || usermod --add-subgids 300000-365535 "$user"
else
    for file in /etc/subuid /etc/subgid; do
        [ ! -f "$file" ] || sed -i "/^$user:/d" "$file"
    done
fi
echo "$user"
