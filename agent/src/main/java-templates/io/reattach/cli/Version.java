package io.reattach.cli;

/**
 * The agent's version, written into this class by the build (templating-maven-plugin). Not read from the manifest
 * through {@code Class.getPackage()}: for a class of the bootstrap class path, where the agent runs, that opens the jar
 * again in premain, and on JDK 25 loads {@code sun.nio.ch.SocketChannelImpl} on the way, which socket support would
 * then have to weave by a retransformation.
 */
public final class Version {
    private static final String VERSION = "${project.version}";

    private Version() {
    }

    public static String get() {
        return VERSION;
    }
}
