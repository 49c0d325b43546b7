# Sourced by ./stevedore and ./test.sh: finds a Java 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, then `java` on the PATH, then /usr/lib/jvm/*.

_stevedore_java_major() {
    # Prints the feature version of the java binary $1 (e.g. 25), or nothing.
    "$1" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

stevedore_find_java() {
    local candidate major home
    local -a candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    for home in /usr/lib/jvm/*; do
        [ -x "$home/bin/java" ] && candidates+=("$home/bin/java")
    done
    for candidate in "${candidates[@]}"; do
        [ -x "$candidate" ] || continue
        major=$(_stevedore_java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            candidate=$(readlink -f "$candidate")
            JAVA_HOME=$(dirname "$(dirname "$candidate")")
            export JAVA_HOME
            return 0
        fi
    done
    echo "stevedore: needs Java 25 or newer, and found none (looked at \$JAVA_HOME, java on the PATH, /usr/lib/jvm/*)." >&2
    echo "stevedore: install a JDK 25 (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
}
