package dev.stevedore.sbom;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * npm packages: each installed package's {@code node_modules/[@scope/]name/package.json}, and
 * the packages a lock file ({@code package-lock.json}, {@code npm-shrinkwrap.json}) pins, outside
 * {@code node_modules} (npm's hidden {@code node_modules/.package-lock.json} repeats what the
 * installed {@code package.json} files say). Lock files of version 2 and 3 list
 * {@code packages} by install path; version 1 nests {@code dependencies}.
 */
final class NpmPackages implements Scanner {

    private static final String MODULES = "/node_modules/";
    private static final int MAX = 32 << 20;
    /** Version 1 lock files nest; a hostile one may nest deeper than any real tree. */
    private static final int MAX_DEPTH = 64;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public boolean claims(String path, int mode) {
        return installed(path) || (lockFile(path) && !path.contains(MODULES));
    }

    @Override
    public List<SoftwarePackage> read(String path, InputStream content) throws IOException {
        JsonNode root;
        try {
            root = json.readTree(content.readNBytes(MAX));
        } catch (JacksonException e) {
            return List.of();
        }
        if (root == null || !root.isObject()) {
            return List.of();
        }
        List<SoftwarePackage> found = new ArrayList<>();
        if (installed(path)) {
            add(found, root.path("name").asText(""), root.path("version").asText(""), path);
            return found;
        }
        if (root.path("packages").isObject()) {
            for (Map.Entry<String, JsonNode> e : root.path("packages").properties()) {
                int at = e.getKey().lastIndexOf("node_modules/");
                if (at >= 0) {
                    String name = e.getValue().path("name").asText(e.getKey().substring(at + "node_modules/".length()));
                    add(found, name, e.getValue().path("version").asText(""), path);
                }
            }
        } else {
            dependencies(root.path("dependencies"), path, found, 0);
        }
        return found;
    }

    private void dependencies(JsonNode deps, String path, List<SoftwarePackage> found, int depth) {
        if (!deps.isObject() || depth > MAX_DEPTH) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : deps.properties()) {
            add(found, e.getKey(), e.getValue().path("version").asText(""), path);
            dependencies(e.getValue().path("dependencies"), path, found, depth + 1);
        }
    }

    private static void add(List<SoftwarePackage> found, String name, String version, String path) {
        if (name.isEmpty() || name.length() > 214) {
            return;
        }
        String[] parts = name.startsWith("@") && name.contains("/") ? Purl.split(name) : new String[] {"", name};
        found.add(new SoftwarePackage(Ecosystem.NPM, name, version,
                Purl.of(Ecosystem.NPM, parts[0], parts[1], version), path));
    }

    /** {@code …/node_modules/name/package.json} or {@code …/node_modules/@scope/name/package.json}. */
    private static boolean installed(String path) {
        if (!path.endsWith("/package.json")) {
            return false;
        }
        int at = path.lastIndexOf(MODULES);
        if (at < 0) {
            return false;
        }
        String[] rest = path.substring(at + MODULES.length()).split("/");
        return rest.length == 2 && !rest[0].startsWith(".") && !rest[0].startsWith("@")
                || rest.length == 3 && rest[0].startsWith("@");
    }

    private static boolean lockFile(String path) {
        return path.endsWith("/package-lock.json") || path.endsWith("/npm-shrinkwrap.json");
    }
}
