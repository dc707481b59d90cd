package io.reattach.cli;

/** The agent's version, from the jar manifest ({@code Implementation-Version}). */
public final class Version {
    private Version() {
    }

    public static String get() {
        String v = Version.class.getPackage() == null ? null : Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
