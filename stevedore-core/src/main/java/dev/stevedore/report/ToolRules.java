package dev.stevedore.report;

import dev.stevedore.report.Finding.ToolKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build tools and their caches, as data: each rule a name, a kind and a pattern over the paths of
 * the final filesystem. A tool is its binary in a {@code bin} directory; a cache is a directory
 * a tool fills, reported once with all the files under it. The language runtimes themselves
 * ({@code node}, {@code java}, {@code python}) are not on the list: a final image may need them.
 */
final class ToolRules {

    /** One rule; for a cache, group 1 of {@code path} is the directory reported. */
    record Rule(String name, ToolKind kind, Pattern path) {}

    /** The home directories caches are found in. */
    private static final String HOME = "(?:/root|/home/[^/]+)";

    static final List<Rule> RULES = List.of(
            binary("go", ToolKind.COMPILER, "go"),
            binary("gcc", ToolKind.COMPILER, "gcc(?:-[0-9.]+)?"),
            binary("g++", ToolKind.COMPILER, "g\\+\\+(?:-[0-9.]+)?"),
            binary("cc", ToolKind.COMPILER, "cc"),
            binary("c++", ToolKind.COMPILER, "c\\+\\+"),
            binary("clang", ToolKind.COMPILER, "clang(?:-[0-9.]+)?"),
            binary("rustc", ToolKind.COMPILER, "rustc"),
            binary("javac", ToolKind.COMPILER, "javac"),
            binary("make", ToolKind.BUILD_TOOL, "make"),
            binary("mvn", ToolKind.BUILD_TOOL, "mvn"),
            binary("gradle", ToolKind.BUILD_TOOL, "gradle"),
            binary("cargo", ToolKind.PACKAGE_MANAGER, "cargo"),
            binary("npm", ToolKind.PACKAGE_MANAGER, "npm"),
            binary("npx", ToolKind.PACKAGE_MANAGER, "npx"),
            binary("yarn", ToolKind.PACKAGE_MANAGER, "yarn"),
            binary("pnpm", ToolKind.PACKAGE_MANAGER, "pnpm"),
            binary("pip", ToolKind.PACKAGE_MANAGER, "pip[0-9.]*"),
            cache("Maven repository", "(" + HOME + "/\\.m2/repository)/.*"),
            cache("npm cache", "(" + HOME + "/\\.npm)/.*"),
            cache("yarn cache", "((?:" + HOME + "|/usr/local/share)/\\.cache/yarn)/.*"),
            cache("Go build cache", "(" + HOME + "/\\.cache/go-build)/.*"),
            cache("Go module cache", "((?:" + HOME + "|/go)/(?:go/)?pkg/mod)/.*"),
            cache("pip cache", "(" + HOME + "/\\.cache/pip)/.*"),
            cache("Gradle cache", "(" + HOME + "/\\.gradle/caches)/.*"),
            cache("Cargo registry", "((?:" + HOME + "|/usr/local/cargo)/(?:\\.cargo/)?registry)/.*"),
            cache("apt package lists", "(/var/lib/apt/lists)/(?!lock$|partial$|auxfiles$).*"),
            cache("apt package cache", "(/var/cache/apt/archives)/.*\\.deb"),
            cache("apk cache", "(/var/cache/apk)/.*"));

    private ToolRules() {}

    private static Rule binary(String name, ToolKind kind, String file) {
        return new Rule(name, kind, Pattern.compile("(.*/s?bin/" + file + ")"));
    }

    private static Rule cache(String name, String path) {
        return new Rule(name, ToolKind.CACHE, Pattern.compile(path));
    }

    /** The tools and caches {@code view} holds, in rule order, then by path. */
    static List<Finding.BuildTool> find(FileView view) {
        Map<String, Finding.BuildTool> found = new LinkedHashMap<>();
        for (Rule rule : RULES) {
            for (FileView.Visible v : view.all()) {
                Member m = v.member();
                boolean binary = rule.kind() != ToolKind.CACHE;
                // a binary may be a symlink (cc -> gcc); a cache counts its files
                if (binary ? m.type() == dev.stevedore.archive.TarEntry.Type.DIRECTORY : !m.isFile()) {
                    continue;
                }
                Matcher match = rule.path().matcher(m.path());
                if (match.matches()) {
                    String key = rule.name() + "\0" + match.group(1);
                    Finding.BuildTool before = found.get(key);
                    found.put(key, new Finding.BuildTool(rule.name(), rule.kind(), match.group(1),
                            (before == null ? 0 : before.files()) + 1, (before == null ? 0 : before.bytes()) + m.size()));
                }
            }
        }
        return new ArrayList<>(found.values());
    }
}
