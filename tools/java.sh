# Sourced by ./stevedore and ./test.sh: finds a Java 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, then `java` on the PATH, then /usr/lib/jvm/*.
# It runs before every command, so it reads each candidate's `release` file (every JDK and
# jlink image has one) instead of starting a JVM: a JVM costs ~0.3 s of CPU per candidate.

_stevedore_java_major() {
    # Prints the feature version of the java binary $1 (e.g. 25), or nothing. Bash builtins
    # only, but for readlink: this runs for every candidate on every command.
    local java home line version=
    java=$(readlink -f "$1")
    home=${java%/bin/*}
    if [ -f "$home/release" ]; then
        while IFS= read -r line; do
            case $line in
                JAVA_VERSION=*) version=${line#JAVA_VERSION=}; break ;;
            esac
        done < "$home/release"
        # "25.0.3" (or 25, "25-ea", and "1.8.0_392" before Java 9)
        version=${version//\"/}
        version=${version#1.}
        version=${version%%[!0-9]*}
        if [ -n "$version" ]; then
            echo "$version"
            return
        fi
    fi
    # No release file (an unusual layout): ask the JVM itself.
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
            JAVA_HOME=${candidate%/bin/*}
            export JAVA_HOME
            return 0
        fi
    done
    echo "stevedore: needs Java 25 or newer, and found none (looked at \$JAVA_HOME, java on the PATH, /usr/lib/jvm/*)." >&2
    echo "stevedore: install a JDK 25 (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
}

# The JVM options of every command. The JVM's own messages go to standard error, never into the
# output that scripts parse (-q, --format json); of the start-up cache's, only errors (JDK 25
# warns on every start about code it could not link, which costs nothing but noise).
# shellcheck disable=SC2034 # used by ./stevedore
STEVEDORE_JVM_OPTIONS=(--enable-native-access=ALL-UNNAMED -XX:+DisplayVMOutputToStderr
    -Xlog:disable -Xlog:all=warning,aot*=error:stderr)
