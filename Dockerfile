# Stevedore's own image, built by Stevedore: `./stevedore build -t stevedore .` — the pattern of
# the examples applied to ourselves: a Maven build stage, then a small Java 25 runtime stage with
# runc, uidmap (rootless mode) and the jar, running as an ordinary user.
#
# The bases are build args: their defaults are Docker Hub's Temurin images. Where Docker Hub is
# not reachable, give stand-ins that have Maven with a JDK 25, and a Debian/Ubuntu JRE 25, e.g.
#   ./stevedore build --build-arg MAVEN_IMAGE=registry.local/maven:3.9-temurin-25 \
#       --build-arg RUNTIME_IMAGE=registry.local/temurin:25-jre -t stevedore .
# or a mirror serving them under Docker Hub's names (CI's self-image tier, examples/selfimage.sh:
# examples/bases/make.sh makes them from the host's JDK and Maven).
ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-25
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
COPY pom.xml ./
COPY stevedore-core/pom.xml stevedore-core/
COPY stevedore-cli/pom.xml stevedore-cli/
COPY stevedore-maven-plugin/pom.xml stevedore-maven-plugin/
COPY stevedore-core/src stevedore-core/src
COPY stevedore-cli/src stevedore-cli/src
# writes the commit `stevedore version` shows (none here: the context has no .git)
COPY tools/commit.sh tools/
# Maven's downloads (from Maven Central) go to a cache mount: kept from build to build, in no
# layer. One step, not `dependency:go-offline` then `package -o`: go-offline resolves the
# reactor's own modules from Central (and fails), and a step cached by --cache-from would leave
# an empty cache mount to the offline one.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl stevedore-cli -am -DskipTests package

FROM ${RUNTIME_IMAGE}
# runc runs RUN; newuidmap/newgidmap (uidmap) map the user's subordinate ids in rootless mode;
# util-linux's unshare makes the user namespace (and the chroot of --isolation chroot); git
# fetches a git URL context (deploy/kubernetes/job.yaml's).
# newuidmap/newgidmap get file capabilities in place of their setuid bit (as BuildKit's rootless
# image): setuid root, they act as root without CAP_SYS_ADMIN in a container and the kernel
# refuses the maps; with capabilities they stay the user, owner of the new namespace. Mapping
# its root needs CAP_SETFCAP too (Linux ≥ 5.12).
RUN apt-get update \
 && apt-get install -y --no-install-recommends runc uidmap util-linux git ca-certificates libcap2-bin \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && chmod u-s /usr/bin/newuidmap /usr/bin/newgidmap \
 && setcap cap_setuid,cap_setfcap+ep /usr/bin/newuidmap && setcap cap_setgid+ep /usr/bin/newgidmap
# File names are UTF-8 to the JVM whatever the base says (a Debian root's CA links are not ASCII).
ENV LANG=C.UTF-8
# An ordinary user with 65536 subordinate ids: builds run rootless, whatever the pod's policy.
RUN useradd --create-home --uid 1000 --user-group stevedore 2>/dev/null \
    || { userdel -r ubuntu 2>/dev/null; useradd --create-home --uid 1000 --user-group stevedore; } \
 && echo "stevedore:100000:65536" > /etc/subuid && echo "stevedore:100000:65536" > /etc/subgid
COPY --from=build /src/stevedore-cli/target/stevedore.jar /opt/stevedore/stevedore.jar
USER stevedore
ENV XDG_DATA_HOME=/home/stevedore/.local/share
WORKDIR /workspace
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/stevedore/stevedore.jar"]
CMD ["--help"]
