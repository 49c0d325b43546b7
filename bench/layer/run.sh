#!/usr/bin/env bash
# Layer benchmark (not part of the tests): ~500 MB in 20,000 files, our write (gzip) and apply
# against `tar -c | gzip` and `tar -x`, in MB/s. Usage: bench/layer/run.sh [workdir [files [MB]]]
# Everything generated goes under a temporary directory in workdir (default /tmp) and is removed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../tools/java.sh
. "$here/tools/java.sh"
stevedore_find_java || exit 1
cd "$here"
mvn -B -q -o -pl stevedore-core test-compile
# The library's runtime needs only zstd-jni besides itself; take it from the local Maven repository.
zstd_version=$(sed -n 's:.*<zstd-jni.version>\(.*\)</zstd-jni.version>.*:\1:p' pom.xml)
zstd_jar="${MAVEN_REPO:-$HOME/.m2/repository}/com/github/luben/zstd-jni/$zstd_version/zstd-jni-$zstd_version.jar"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -cp "stevedore-core/target/test-classes:stevedore-core/target/classes:$zstd_jar" \
    dev.stevedore.layer.LayerBench "${1:-/tmp}" "${2:-20000}" "${3:-500}"
