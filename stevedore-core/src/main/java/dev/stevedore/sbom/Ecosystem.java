package dev.stevedore.sbom;

/** Where a package comes from, with its package-URL type ({@code pkg:TYPE/...}). */
public enum Ecosystem {
    DEB("deb"),
    APK("apk"),
    MAVEN("maven"),
    NPM("npm"),
    GOLANG("golang"),
    PYPI("pypi");

    private final String purlType;

    Ecosystem(String purlType) {
        this.purlType = purlType;
    }

    /** The package-URL type: {@code deb}, {@code maven}, … */
    public String purlType() {
        return purlType;
    }
}
