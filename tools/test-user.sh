#!/usr/bin/env bash
# Creates (once) the unprivileged user the rootless tests and the rootless CI tier run Stevedore
# as, with subordinate uids and gids for newuidmap/newgidmap. Needs root. Usage:
#   tools/test-user.sh [NAME]      (default: stevedore-test); prints the user's name.
set -euo pipefail
user=${1:-stevedore-test}
[ "$(id -u)" = 0 ] || { echo "test-user: needs root to create $user" >&2; exit 1; }
id -u "$user" > /dev/null 2>&1 || useradd --create-home --shell /bin/sh "$user"
# useradd grants 65536 subordinate ids itself where login.defs says so; else a range of our own
grep -q "^$user:" /etc/subuid 2> /dev/null || usermod --add-subuids 300000-365535 "$user"
grep -q "^$user:" /etc/subgid 2> /dev/null || usermod --add-subgids 300000-365535 "$user"
echo "$user"
