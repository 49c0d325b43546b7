package dev.stevedore.dockerfile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** One {@link Mount} as JSON for {@link DockerfileJson}: its type, then that type's options. */
final class MountJson {

    private MountJson() {}

    static ObjectNode mount(Mount mount) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        switch (mount) {
            case Mount.Bind m -> o.put("type", "bind").put("target", m.mountTarget())
                    .put("source", m.source().orElse(null)).put("from", m.from().orElse(null))
                    .put("readOnly", m.readOnly());
            case Mount.Cache m -> o.put("type", "cache").put("target", m.mountTarget())
                    .put("id", m.id().orElse(null)).put("sharing", m.sharing().name().toLowerCase(Locale.ROOT))
                    .put("from", m.from().orElse(null)).put("source", m.source().orElse(null))
                    .put("readOnly", m.readOnly()).put("mode", octal(m.mode())).put("uid", m.uid()).put("gid", m.gid());
            case Mount.Tmpfs m -> {
                o.put("type", "tmpfs").put("target", m.mountTarget());
                if (m.size().isPresent()) {
                    o.put("size", m.size().getAsLong());
                } else {
                    o.putNull("size");
                }
            }
            case Mount.Secret m -> o.put("type", "secret").put("id", m.id()).put("target", m.target().orElse(null))
                    .put("env", m.env().orElse(null)).put("required", m.required()).put("mode", octal(m.mode()))
                    .put("uid", m.uid()).put("gid", m.gid());
            case Mount.Ssh m -> o.put("type", "ssh").put("id", m.id()).put("target", m.target().orElse(null))
                    .put("required", m.required()).put("mode", octal(m.mode())).put("uid", m.uid()).put("gid", m.gid());
        }
        return o;
    }

    private static String octal(long mode) {
        return String.format("%04o", mode);
    }
}
