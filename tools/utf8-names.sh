# Sourced by ./stevedore, and written into the distribution's launcher by tools/dist.sh (POSIX sh).
# Java reads file names in the locale's charset: in the C locale (env -i, services, containers) it
# would refuse the UTF-8 names images hold (a CA bundle's certificate links), so the names are UTF-8.
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
    *[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) ;;
    *) if [ -n "${LC_ALL:-}" ]; then export LC_ALL=C.UTF-8; else export LC_CTYPE=C.UTF-8; fi ;;
esac
