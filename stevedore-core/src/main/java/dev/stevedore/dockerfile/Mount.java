package dev.stevedore.dockerfile;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code RUN --mount=...}, typed per mount type, with BuildKit's defaults filled in
 * ({@code instructions/commands_runmount.go} and the dispatcher). Values are not expanded.
 *
 * <p>Options by type (any other key is an error): every type takes {@code target}
 * ({@code dst}, {@code destination}, {@code dest}); bind and cache take {@code source}
 * ({@code src}), {@code from} and {@code ro}/{@code readonly}/{@code rw}/{@code readwrite}; cache
 * takes {@code id}, {@code sharing}; cache, secret and ssh take {@code mode} (octal),
 * {@code uid}, {@code gid}; secret and ssh take {@code id} and {@code required}; secret takes
 * {@code source} (an alias of its id) and {@code env}; tmpfs takes {@code size}.
 */
public sealed interface Mount {

    /** Where the mount appears in the container; secret and ssh may leave it to the runtime. */
    Optional<String> target();

    /** How concurrent builds share one cache mount. */
    enum Sharing { SHARED, PRIVATE, LOCKED }

    /**
     * {@code type=bind} (the default type): a read-only (unless {@code rw}) view of the build
     * context, or of stage or image {@code from}.
     *
     * @param source the path inside the context or {@code from}; empty means its root
     */
    record Bind(String mountTarget, Optional<String> source, Optional<String> from, boolean readOnly)
            implements Mount {
        public Bind {
            Objects.requireNonNull(mountTarget, "mountTarget");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(from, "from");
        }

        @Override
        public Optional<String> target() {
            return Optional.of(mountTarget);
        }
    }

    /**
     * {@code type=cache}: a directory kept between builds, keyed by {@code id}.
     *
     * @param id    the cache's id; empty means the target path (BuildKit's default)
     * @param mode  permissions of the cache directory when created (default {@code 0755})
     */
    record Cache(String mountTarget, Optional<String> id, Sharing sharing, Optional<String> from,
                 Optional<String> source, boolean readOnly, long mode, long uid, long gid) implements Mount {
        public Cache {
            Objects.requireNonNull(mountTarget, "mountTarget");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(sharing, "sharing");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public Optional<String> target() {
            return Optional.of(mountTarget);
        }
    }

    /** {@code type=tmpfs}: an empty in-memory file system, limited to {@code size} bytes if given. */
    record Tmpfs(String mountTarget, OptionalLong size) implements Mount {
        public Tmpfs {
            Objects.requireNonNull(mountTarget, "mountTarget");
            Objects.requireNonNull(size, "size");
        }

        @Override
        public Optional<String> target() {
            return Optional.of(mountTarget);
        }
    }

    /**
     * {@code type=secret}: a build secret as a file (and/or an environment variable).
     *
     * @param id       the secret's id: {@code id}, else {@code source}, else the target's base name
     * @param target   the file; {@code /run/secrets/<id>} when neither target nor env is given
     * @param env      the environment variable that receives the secret, if any
     * @param mode     file permissions (default {@code 0400})
     * @param required fail the build when the secret is not provided (default false)
     */
    record Secret(String id, Optional<String> target, Optional<String> env, boolean required,
                  long mode, long uid, long gid) implements Mount {
        public Secret {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(env, "env");
        }
    }

    /**
     * {@code type=ssh}: the client's SSH agent socket.
     *
     * @param id     the agent's id (default {@code default})
     * @param target the socket path; empty lets the runtime choose one
     * @param mode   socket permissions (default {@code 0600})
     */
    record Ssh(String id, Optional<String> target, boolean required, long mode, long uid, long gid)
            implements Mount {
        public Ssh {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(target, "target");
        }
    }
}
