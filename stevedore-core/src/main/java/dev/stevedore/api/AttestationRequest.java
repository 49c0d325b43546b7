package dev.stevedore.api;

import dev.stevedore.diag.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which attestations a build attaches, as buildx's {@code --sbom}, {@code --provenance} and
 * {@code --attest} say it.
 *
 * @param sbom              attach an SPDX SBOM of the image
 * @param scanStage         also scan the builder stages, each into a document of its own
 *                          ({@code scan-stage=true}, or the build arg {@code BUILDKIT_SBOM_SCAN_STAGE=true})
 * @param provenance        {@code min}, {@code max} or {@code false}; empty: {@code min} when the result
 *                          is pushed, none otherwise (BuildKit's default)
 * @param provenanceVersion {@code v1} (default) or {@code v0.2}
 * @param builderId         {@code builder-id=}: the URI provenance names the builder by
 */
public record AttestationRequest(boolean sbom, boolean scanStage, Optional<String> provenance, String provenanceVersion,
                                 Optional<String> builderId) {

    /** The build arg BuildKit reads to scan builder stages too. */
    public static final String SCAN_STAGE_ARG = "BUILDKIT_SBOM_SCAN_STAGE";

    /** Checks the components and keeps copies of the mutable ones. */
    public AttestationRequest {
        provenance.ifPresent(p -> {
            if (!List.of("min", "max", "false").contains(p)) {
                throw new InvalidInputException("provenance mode \"" + p + "\" is none of min, max, false");
            }
        });
        if (!List.of("v1", "v0.2").contains(provenanceVersion)) {
            throw new InvalidInputException("provenance version \"" + provenanceVersion + "\" is neither v1 nor v0.2");
        }
    }

    /**
     * No SBOM; provenance {@code min} when pushed.
     *
     * @return the defaults
     */
    public static AttestationRequest defaults() {
        return new AttestationRequest(false, false, Optional.empty(), "v1", Optional.empty());
    }

    /**
     * Reads the flags as buildx does: {@code --sbom[=true|false|k=v,...]},
     * {@code --provenance[=true|false|min|max|mode=...,version=...,builder-id=...]} and each
     * {@code --attest type=sbom|provenance,...}; later flags win.
     *
     * @param sbomFlag       {@code --sbom}'s value, if given
     * @param provenanceFlag {@code --provenance}'s value, if given
     * @param attest         each {@code --attest} value
     * @return what to attach
     */
    public static AttestationRequest parse(Optional<String> sbomFlag, Optional<String> provenanceFlag, List<String> attest) {
        AttestationRequest r = defaults();
        if (sbomFlag.isPresent()) {
            r = r.withSbom(options("--sbom", sbomFlag.get()), "--sbom");
        }
        if (provenanceFlag.isPresent()) {
            r = r.withProvenance(options("--provenance", provenanceFlag.get()), "--provenance");
        }
        for (String a : attest) {
            Map<String, String> o = options("--attest", a);
            String type = o.remove("type");
            String flag = "--attest " + a;
            if (type == null) {
                throw new InvalidInputException(flag + ": no type= (sbom or provenance)");
            }
            r = switch (type) {
                case "sbom" -> r.withSbom(o, flag);
                case "provenance" -> r.withProvenance(o, flag);
                default -> throw new InvalidInputException(flag + ": unknown attestation type \"" + type
                        + "\" (sbom, provenance)");
            };
        }
        return r;
    }

    private AttestationRequest withSbom(Map<String, String> o, String flag) {
        boolean on = !bool(o.remove("disabled"), false, flag) && bool(o.remove("enabled"), true, flag);
        boolean stages = bool(o.remove("scan-stage"), scanStage, flag);
        o.remove("generator"); // BuildKit's scanner image; Stevedore's scanners are built in
        unknown(o, flag);
        return new AttestationRequest(on, stages, provenance, provenanceVersion, builderId);
    }

    private AttestationRequest withProvenance(Map<String, String> o, String flag) {
        String mode = o.remove("mode");
        boolean off = bool(o.remove("disabled"), false, flag) || !bool(o.remove("enabled"), true, flag);
        String version = o.getOrDefault("version", provenanceVersion);
        o.remove("version");
        Optional<String> id = Optional.ofNullable(o.remove("builder-id")).or(() -> builderId);
        unknown(o, flag);
        String m = off ? "false" : mode == null ? "min" : mode;
        return new AttestationRequest(sbom, scanStage, Optional.of(m), version, id);
    }

    /** {@code true}/{@code false}/{@code min}/{@code max} alone, or {@code k=v,k=v}. */
    private static Map<String, String> options(String flag, String value) {
        Map<String, String> o = new LinkedHashMap<>();
        switch (value) {
            case "", "true" -> o.put("enabled", "true");
            case "false" -> o.put("enabled", "false");
            case "min", "max" -> o.put("mode", value);
            default -> {
                if (!value.contains("=")) {
                    // a bare word: a mode the constructor checks, or a boolean bool() checks
                    o.put(flag.equals("--provenance") ? "mode" : "enabled", value);
                    return o;
                }
                for (String part : value.split(",")) {
                    int eq = part.indexOf('=');
                    if (eq <= 0) {
                        throw new InvalidInputException(flag + "=" + value + ": \"" + part + "\" is not KEY=VALUE");
                    }
                    o.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
                }
            }
        }
        return o;
    }

    private static boolean bool(String v, boolean otherwise, String flag) {
        if (v == null) {
            return otherwise;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(flag + ": \"" + v + "\" is neither true nor false");
        };
    }

    private static void unknown(Map<String, String> o, String flag) {
        if (!o.isEmpty()) {
            throw new InvalidInputException(flag + ": unknown option \"" + o.keySet().iterator().next() + "\"");
        }
    }
}
