#!/usr/bin/env bash
# Makes Stevedore's self-contained distribution from the CLI's shaded jar (./stevedore dist, or
# mvn package -Dstevedore.dist.skip=false, runs it after the jar; a plain mvn package leaves it out):
#   DIST/stevedore-VERSION/              bin/stevedore (the launcher), lib/stevedore.jar, lib/runtime/
#                                        (a jlink'ed Java with only the modules jdeps says the jar needs),
#                                        share/man/man1/*.1 (picocli's ManPageGenerator over the command
#                                        model, then asciidoctor), bash and zsh completion in share/
#   DIST/stevedore-VERSION-linux-ARCH.tar.gz   that directory
#   DIST/stevedore_DEBVERSION_ARCH.deb   the same under /usr/lib/stevedore, /usr/bin/stevedore, the man
#                                        pages and completion where Debian keeps them; depends on runc
#                                        and slirp4netns (RUN's default network); its postinst trains
#                                        the start-up (AOT) cache in place, which a tarball goes without.
# Usage: tools/dist.sh JAR VERSION PICOCLI_CODEGEN_JAR DIST
set -euo pipefail
jar=$1 version=$2 codegen=$3 dist=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=tools/java.sh
. "$here/tools/java.sh"
stevedore_find_java || exit 1

say() { echo "dist: $*" >&2; }
fail() { say "$*"; exit 1; }

for tool in asciidoctor dpkg-deb; do
    command -v "$tool" >/dev/null || fail "needs $tool to make the distribution: tools/prerequisites.sh build installs it (or build without -Dstevedore.dist.skip=false)"
done
[ -f "$codegen" ] || fail "no $codegen: run mvn once without -o to fetch picocli-codegen"

arch=$(dpkg --print-architecture)
name=stevedore-$version
stage=$dist/$name
rm -rf "$dist"
mkdir -p "$stage/bin" "$stage/lib" "$stage/share/man/man1" "$stage/share/bash-completion/completions" \
    "$stage/share/zsh/vendor-completions"
cp "$jar" "$stage/lib/stevedore.jar"

# The runtime: the modules the jar's classes use, plus those reached only through services
# (TLS's elliptic curves, the zip file system of jar-in-jar reads).
modules=$("$JAVA_HOME/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps "$jar")
"$JAVA_HOME/bin/jlink" --add-modules "$modules,jdk.crypto.ec,jdk.zipfs" --strip-debug --no-man-pages \
    --no-header-files --compress zip-6 --output "$stage/lib/runtime"

java=("$stage/lib/runtime/bin/java" --enable-native-access=ALL-UNNAMED)
adoc=$(mktemp -d)
trap 'rm -rf "$adoc"' EXIT
"$JAVA_HOME/bin/java" -cp "$jar:$codegen" dev.stevedore.cli.ManPages "$adoc" >/dev/null
for page in "$adoc"/*.adoc; do
    asciidoctor -b manpage -a reproducible -D "$stage/share/man/man1" "$page"
done
"${java[@]}" -jar "$jar" completion bash > "$stage/share/bash-completion/completions/stevedore"
"${java[@]}" -jar "$jar" completion zsh > "$stage/share/zsh/vendor-completions/_stevedore"

{
    cat <<'LAUNCHER'
#!/bin/sh
# stevedore: runs the CLI on the Java runtime it carries, with its start-up cache when it has one
# (the JVM's notes on the parts of the cache it cannot use are not the user's business).
lib=$(dirname "$(readlink -f "$0")")/../lib
LAUNCHER
    sed -n '/^case/,/^esac/p' "$here/tools/utf8-names.sh"
    cat <<'LAUNCHER'
# (not for a command for the warm server: its client starts on less CPU without the cache, see ./stevedore)
if [ "${STEVEDORE_AOT:-1}" != 0 ] && [ -f "$lib/stevedore.aot" ] && [ "${STEVEDORE_SERVER:-}" != 1 ]; then
    exec "$lib/runtime/bin/java" -XX:AOTCache="$lib/stevedore.aot" -Xlog:aot*=off $STEVEDORE_JVM_OPTIONS -jar "$lib/stevedore.jar" "$@"
fi
exec "$lib/runtime/bin/java" $STEVEDORE_JVM_OPTIONS -jar "$lib/stevedore.jar" "$@"
LAUNCHER
} > "$stage/bin/stevedore"
chmod 755 "$stage/bin/stevedore"
"$stage/bin/stevedore" --version >/dev/null || fail "the distribution's stevedore does not start"

tar -C "$dist" --owner=0 --group=0 --sort=name -czf "$dist/$name-linux-$arch.tar.gz" "$name"

# The Debian package. A SNAPSHOT version sorts before its release (~).
debversion=${version/-/\~}
deb=$dist/deb
mkdir -p "$deb/DEBIAN" "$deb/usr/lib/stevedore" "$deb/usr/bin" "$deb/usr/share/man/man1" \
    "$deb/usr/share/bash-completion/completions" "$deb/usr/share/zsh/vendor-completions"
cp -a "$stage/bin" "$stage/lib" "$deb/usr/lib/stevedore/"
ln -s ../lib/stevedore/bin/stevedore "$deb/usr/bin/stevedore"
for page in "$stage"/share/man/man1/*; do
    gzip -9n < "$page" > "$deb/usr/share/man/man1/$(basename "$page").gz"
done
cp "$stage/share/bash-completion/completions/stevedore" "$deb/usr/share/bash-completion/completions/"
cp "$stage/share/zsh/vendor-completions/_stevedore" "$deb/usr/share/zsh/vendor-completions/"
cat > "$deb/DEBIAN/control" <<CONTROL
Package: stevedore
Version: $debversion
Architecture: $arch
Maintainer: Stevedore developers <stevedore@example.org>
Installed-Size: $(du -sk "$deb/usr" | cut -f1)
Depends: runc, slirp4netns
Recommends: uidmap
Section: admin
Priority: optional
Homepage: https://example.org/stevedore
Description: Dockerfile-compatible container image builder, without a daemon
 Stevedore builds OCI container images from Dockerfiles, multi-stage builds
 first, runs RUN steps under runc, and pushes to registries. It carries its
 own Java runtime: no Java needs to be installed.
CONTROL
cat > "$deb/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
# Trains the start-up cache once, here, where the launcher finds it; without one stevedore only starts slower.
set -e
lib=/usr/lib/stevedore/lib
if [ "$1" = configure ]; then
    rm -f "$lib/stevedore.aot"
    "$lib/runtime/bin/java" -XX:AOTCacheOutput="$lib/stevedore.aot" -cp "$lib/stevedore.jar" \
        dev.stevedore.cli.AotTraining >/dev/null 2>&1 || rm -f "$lib/stevedore.aot"
fi
exit 0
POSTINST
cat > "$deb/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
rm -f /usr/lib/stevedore/lib/stevedore.aot
exit 0
PRERM
chmod 755 "$deb/DEBIAN/postinst" "$deb/DEBIAN/prerm"
dpkg-deb --root-owner-group -Zgzip --build "$deb" "$dist/stevedore_${debversion}_$arch.deb" >/dev/null
rm -rf "$deb"
say "$dist/$name-linux-$arch.tar.gz and $dist/stevedore_${debversion}_$arch.deb"
