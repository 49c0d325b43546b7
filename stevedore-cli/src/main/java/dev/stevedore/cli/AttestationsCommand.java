package dev.stevedore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.stevedore.api.images.ImageAttestation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore attestations IMAGE}: the SBOMs and provenance stored beside an image. */
@Command(name = "attestations", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore attestations app:1",
                "  stevedore attestations --format json app:1 | jq '.[1].predicate'"},
        description = "List the attestations (SBOM, provenance) stored with an image.")
final class AttestationsCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Parameters(paramLabel = "IMAGE")
    String image;

    @Option(names = "--format", paramLabel = "table|json",
            description = "table (default): one line each; json: the in-toto statements, as a JSON array.")
    String format = "table";

    @Override
    public void run() {
        var all = root.images().attestations(image);
        switch (format) {
            case "json" -> {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode array = mapper.createArrayNode();
                try {
                    for (ImageAttestation a : all) {
                        array.add(mapper.readTree(a.statement()));
                    }
                } catch (IOException e) {
                    throw new dev.stevedore.diag.InvalidInputException("an attestation of " + image + " is not JSON: "
                            + e.getMessage());
                }
                root.out().println(array.toPrettyString());
            }
            case "table" -> {
                Table table = new Table("IMAGE", "PREDICATE TYPE", "STAGE", "SIZE");
                for (ImageAttestation a : all) {
                    table.row(a.image().toString().substring(0, 19), a.predicateType(),
                            a.annotations().getOrDefault("dev.stevedore.sbom.stage", ""),
                            String.valueOf(new String(a.statement(), StandardCharsets.UTF_8).length()));
                }
                table.print(root.out());
            }
            default -> throw new dev.stevedore.diag.InvalidInputException("--format " + format + ": neither table nor json");
        }
        root.out().flush();
    }
}
