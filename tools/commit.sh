#!/usr/bin/env bash
# Writes the commit `stevedore version` shows into the properties file $1: git's abbreviated HEAD
# of this checkout (a worktree's own), "-dirty" when it has uncommitted changes; nothing (the
# file says commit=) for a build without git or .git, such as one from a source tarball.
set -uo pipefail
out=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
commit=
if command -v git >/dev/null && commit=$(git -C "$here" rev-parse --short=12 HEAD 2>/dev/null); then
    if [ -n "$(git -C "$here" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        commit="$commit-dirty"
    fi
else
    commit=
fi
mkdir -p "$(dirname "$out")"
printf 'commit=%s\n' "$commit" > "$out.tmp" && mv -f "$out.tmp" "$out"
