package dev.stevedore.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.sbom.Ecosystem;
import dev.stevedore.sbom.SoftwarePackage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SBOM predicate: an SPDX 2.3 JSON document ({@code https://spdx.dev/Document}) with one
 * SPDX package per {@link SoftwarePackage}: its name, version, package URL (an external reference
 * of category {@code PACKAGE-MANAGER}), and the file it was found in ({@code sourceInfo}, which
 * {@link #packages} reads back). Nothing was downloaded or licence-checked, and the document says
 * so ({@code NOASSERTION}).
 */
public final class SpdxDocument {

    public static final String PREDICATE_TYPE = "https://spdx.dev/Document";
    private static final String FOUND_IN = "found in: ";
    private static final String NOASSERTION = "NOASSERTION";

    private SpdxDocument() {}

    /**
     * The document for {@code packages}.
     *
     * @param name      what it describes ({@code app:1}, or {@code app:1 stage builder})
     * @param namespace a URI unique to this document (made from the image's digest, so a rebuild
     *                  gives the same bytes)
     * @param created   when; already clamped by {@code SOURCE_DATE_EPOCH}
     */
    public static ObjectNode of(String name, String namespace, Instant created, String tool,
                                List<SoftwarePackage> packages) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode doc = mapper.createObjectNode();
        doc.put("spdxVersion", "SPDX-2.3");
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", "SPDXRef-DOCUMENT");
        doc.put("name", name);
        doc.put("documentNamespace", namespace);
        ObjectNode info = doc.putObject("creationInfo");
        info.put("created", created.truncatedTo(ChronoUnit.SECONDS).toString());
        info.putArray("creators").add("Tool: " + tool);
        ArrayNode list = doc.putArray("packages");
        ArrayNode relationships = mapper.createArrayNode();
        for (int i = 0; i < packages.size(); i++) {
            SoftwarePackage p = packages.get(i);
            String id = "SPDXRef-Package-" + p.ecosystem().name().toLowerCase(Locale.ROOT) + "-" + (i + 1);
            ObjectNode n = list.addObject();
            n.put("name", p.name());
            n.put("SPDXID", id);
            if (!p.version().isEmpty()) {
                n.put("versionInfo", p.version());
            }
            n.put("downloadLocation", NOASSERTION);
            n.put("filesAnalyzed", false);
            n.put("licenseConcluded", NOASSERTION);
            n.put("licenseDeclared", NOASSERTION);
            n.put("copyrightText", NOASSERTION);
            n.put("sourceInfo", FOUND_IN + p.foundIn());
            ObjectNode ref = n.putArray("externalRefs").addObject();
            ref.put("referenceCategory", "PACKAGE-MANAGER");
            ref.put("referenceType", "purl");
            ref.put("referenceLocator", p.purl());
            ObjectNode r = relationships.addObject();
            r.put("spdxElementId", "SPDXRef-DOCUMENT");
            r.put("relationshipType", "DESCRIBES");
            r.put("relatedSpdxElement", id);
        }
        doc.set("relationships", relationships);
        return doc;
    }

    /** The packages of a document {@link #of} wrote (another tool's: those with a purl of a known type). */
    public static List<SoftwarePackage> packages(JsonNode doc) {
        List<SoftwarePackage> found = new ArrayList<>();
        for (JsonNode n : doc.path("packages")) {
            String purl = "";
            for (JsonNode ref : n.path("externalRefs")) {
                if (ref.path("referenceType").asText().equals("purl")) {
                    purl = ref.path("referenceLocator").asText();
                }
            }
            Optional<Ecosystem> ecosystem = ecosystem(purl);
            if (ecosystem.isEmpty()) {
                continue;
            }
            String source = n.path("sourceInfo").asText("");
            found.add(new SoftwarePackage(ecosystem.get(), n.path("name").asText(""), n.path("versionInfo").asText(""),
                    purl, source.startsWith(FOUND_IN) ? source.substring(FOUND_IN.length()) : ""));
        }
        return found;
    }

    /** The ecosystem of a purl of a type Stevedore knows. */
    private static Optional<Ecosystem> ecosystem(String purl) {
        int slash = purl.indexOf('/');
        if (!purl.startsWith("pkg:") || slash < 0) {
            return Optional.empty();
        }
        String type = purl.substring("pkg:".length(), slash);
        return Arrays.stream(Ecosystem.values()).filter(e -> e.purlType().equals(type)).findFirst();
    }
}
