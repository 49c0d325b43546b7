package dev.stevedore.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.dockerfile.syntax.Directives;
import dev.stevedore.dockerfile.syntax.Heredoc;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The typed tree as JSON, for tools and editors ({@code stevedore parse --format=json}). The
 * shape is stable: fields always appear, in this order, {@code null} when absent.
 *
 * <pre>
 * { "file", "directives": {"syntax", "escape", "check"},
 *   "metaArgs": [instruction...], "stages": [{"index", "name", "from": instruction, "instructions": [...]}],
 *   "warnings": [{"line", "message"}] }
 * </pre>
 *
 * <p>Each instruction is {@code {"kind", "lines": {"start", "end"}, "original", ...}} where
 * {@code kind} is the lower-case keyword and the rest depends on it: {@code flags} (an object of
 * the instruction's typed flags, defaults filled in) for from, run, copy, add, healthcheck;
 * {@code command} ({@code {"form": "shell", "text"}} or {@code {"form": "exec", "args"}}) for
 * run, cmd, entrypoint, healthcheck; {@code heredocs} ({@code name, content, expand, chomp,
 * fileDescriptor}) for run; {@code sources} ({@code {"path"}} or {@code {"heredoc"}}) and
 * {@code destination} for copy and add; {@code pairs} ({@code key, value}) for env and label;
 * {@code args} ({@code name, default}) for arg; {@code trigger} for onbuild; {@code image} and
 * {@code name} for from; one list or string for the others ({@code ports}, {@code paths},
 * {@code user}, {@code path}, {@code signal}, {@code shell}, {@code name}). Mounts are objects
 * with a {@code type} and that type's options; file modes are octal strings ({@code "0755"});
 * durations are ISO-8601 ({@code "PT1M30S"}); no value is variable-expanded.
 */
public final class DockerfileJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DockerfileJson() {}

    /** The JSON text, indented by two spaces, ending in a newline. */
    public static String write(Dockerfile dockerfile) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(tree(dockerfile)) + "\n";
        } catch (JsonProcessingException e) {
            throw new InternalException("cannot write the Dockerfile as JSON", e);
        }
    }

    /** The JSON tree. */
    public static ObjectNode tree(Dockerfile d) {
        ObjectNode o = F.objectNode();
        o.put("file", d.file());
        ObjectNode directives = o.putObject("directives");
        directives.put("syntax", d.directives().syntax().map(Directives.Syntax::value).orElse(null));
        directives.put("escape", String.valueOf(d.directives().escape()));
        directives.put("check", d.directives().check().orElse(null));
        ArrayNode meta = o.putArray("metaArgs");
        d.metaArgs().forEach(a -> meta.add(instruction(a)));
        ArrayNode stages = o.putArray("stages");
        for (Stage s : d.stages()) {
            ObjectNode stage = stages.addObject();
            stage.put("index", s.index());
            stage.put("name", s.name().orElse(null));
            stage.set("from", instruction(s.from()));
            ArrayNode body = stage.putArray("instructions");
            s.instructions().forEach(i -> body.add(instruction(i)));
        }
        ArrayNode warnings = o.putArray("warnings");
        for (Diagnostic w : d.warnings()) {
            ObjectNode warning = warnings.addObject();
            if (w.range() == null) {
                warning.putNull("line");
            } else {
                warning.put("line", w.range().startLine());
            }
            warning.put("message", w.message());
        }
        return o;
    }

    static ObjectNode instruction(Instruction instruction) {
        ObjectNode o = F.objectNode();
        o.put("kind", instruction.keyword().toLowerCase(Locale.ROOT));
        o.set("lines", lines(instruction.range()));
        o.put("original", instruction.original());
        switch (instruction) {
            case Instruction.From i -> {
                o.putObject("flags").put("platform", i.platform().orElse(null));
                o.put("image", i.image());
                o.put("name", i.name().orElse(null));
            }
            case Instruction.Run i -> {
                ObjectNode flags = o.putObject("flags");
                ArrayNode mounts = flags.putArray("mounts");
                i.mounts().forEach(m -> mounts.add(MountJson.mount(m)));
                flags.put("network", i.network().name().toLowerCase(Locale.ROOT));
                flags.put("security", i.security().name().toLowerCase(Locale.ROOT));
                o.set("command", command(i.command()));
                o.set("heredocs", heredocs(i.heredocs()));
            }
            case Instruction.Cmd i -> o.set("command", command(i.command()));
            case Instruction.Entrypoint i -> o.set("command", command(i.command()));
            case Instruction.Label i -> o.set("pairs", pairs(i.labels()));
            case Instruction.Maintainer i -> o.put("name", i.name());
            case Instruction.Expose i -> o.set("ports", strings(i.ports()));
            case Instruction.Env i -> o.set("pairs", pairs(i.vars()));
            case Instruction.Add i -> {
                ObjectNode flags = o.putObject("flags");
                flags.put("chown", i.chown().orElse(null));
                flags.put("chmod", i.chmod().orElse(null));
                flags.put("link", i.link());
                flags.put("keepGitDir", i.keepGitDir());
                flags.put("checksum", i.checksum().orElse(null));
                flags.put("unpack", i.unpack().orElse(null));
                flags.set("exclude", strings(i.exclude()));
                o.set("sources", sources(i.sources()));
                o.put("destination", i.destination());
            }
            case Instruction.Copy i -> {
                ObjectNode flags = o.putObject("flags");
                flags.put("from", i.from().orElse(null));
                flags.put("chown", i.chown().orElse(null));
                flags.put("chmod", i.chmod().orElse(null));
                flags.put("link", i.link());
                flags.put("parents", i.parents());
                flags.set("exclude", strings(i.exclude()));
                o.set("sources", sources(i.sources()));
                o.put("destination", i.destination());
            }
            case Instruction.Volume i -> o.set("paths", strings(i.paths()));
            case Instruction.User i -> o.put("user", i.user());
            case Instruction.Workdir i -> o.put("path", i.path());
            case Instruction.Arg i -> {
                ArrayNode args = o.putArray("args");
                i.args().forEach(a -> args.addObject().put("name", a.name()).put("default", a.defaultValue().orElse(null)));
            }
            case Instruction.Onbuild i -> o.set("trigger", instruction(i.trigger()));
            case Instruction.StopSignal i -> o.put("signal", i.signal());
            case Instruction.Healthcheck i -> {
                ObjectNode flags = o.putObject("flags");
                flags.put("interval", duration(i.interval()));
                flags.put("timeout", duration(i.timeout()));
                flags.put("startPeriod", duration(i.startPeriod()));
                flags.put("startInterval", duration(i.startInterval()));
                flags.put("retries", i.retries().orElse(null));
                o.put("none", i.none());
                o.set("command", i.command().map(DockerfileJson::command).orElse(null));
            }
            case Instruction.Shell i -> o.set("shell", strings(i.shell()));
        }
        return o;
    }

    private static ObjectNode lines(SourceRange range) {
        return F.objectNode().put("start", range.startLine()).put("end", range.endLine());
    }

    private static ObjectNode command(CommandLine command) {
        return switch (command) {
            case CommandLine.ShellForm s -> F.objectNode().put("form", "shell").put("text", s.text());
            case CommandLine.ExecForm e -> {
                ObjectNode o = F.objectNode().put("form", "exec");
                o.set("args", strings(e.args()));
                yield o;
            }
        };
    }

    private static ArrayNode sources(List<CopySource> sources) {
        ArrayNode a = F.arrayNode();
        for (CopySource source : sources) {
            switch (source) {
                case CopySource.Path p -> a.addObject().put("path", p.path());
                case CopySource.Inline h -> a.addObject().set("heredoc", heredoc(h.heredoc()));
            }
        }
        return a;
    }

    private static ArrayNode heredocs(List<Heredoc> heredocs) {
        ArrayNode a = F.arrayNode();
        heredocs.forEach(h -> a.add(heredoc(h)));
        return a;
    }

    private static ObjectNode heredoc(Heredoc h) {
        return F.objectNode().put("name", h.name()).put("content", h.content()).put("expand", h.expand())
                .put("chomp", h.chomp()).put("fileDescriptor", h.fileDescriptor());
    }

    private static ArrayNode pairs(List<KeyValue> pairs) {
        ArrayNode a = F.arrayNode();
        pairs.forEach(p -> a.addObject().put("key", p.key()).put("value", p.value()));
        return a;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static String duration(Optional<Duration> d) {
        return d.map(Duration::toString).orElse(null);
    }
}
