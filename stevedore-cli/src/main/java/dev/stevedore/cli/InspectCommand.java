package dev.stevedore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore inspect IMAGE...}: config and manifest as JSON, like {@code docker image inspect}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore inspect app:1",
                "  stevedore inspect app:1 | jq .config.Env"},
        description = "Print images' config and manifest as a JSON array.")
final class InspectCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "A name, an image id or a unique prefix of one.")
    List<String> images;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
        description = "A Go template of the inspect JSON's fields ({{.Id}}, {{.Config.Env}}, {{json .Config}}), or json.")
    String format;

    @Override
    public void run() {
        String inspected = root.images().inspect(images);
        if (format == null) {
            root.out().print(inspected);
            root.out().flush();
            return;
        }
        GoFormat parsed = GoFormat.parse(format);
        List<JsonNode> objects = new ArrayList<>();
        try {
            new ObjectMapper().readTree(inspected).forEach(objects::add);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("inspect writes JSON", e);
        }
        parsed.print(objects, Map.of(), root.out());
    }
}
