package io.reattach.it.startup;

import io.reattach.it.harness.Jdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent jar as a user starts it: {@code -javaagent} on a program that does not use JMS, on JDK 17 and 25,
 * with valid and invalid settings; and what the jar contains.
 */
class AgentStartupIT {

    private static final String HELLO = "hello from the application";

    @TempDir
    Path dir;

    @Test
    void aProgramRunsNormallyWithTheAgentOnJdk17() throws Exception {
        assertRunsNormally(Jdk.DEFAULT.java());
    }

    @Test
    void aProgramRunsNormallyWithTheAgentOnJdk25() throws Exception {
        assertRunsNormally(Jdk.TEMURIN_25.installed().java());
    }

    private void assertRunsNormally(Path java) throws Exception {
        Path ini = write("mqclient.ini", "CHANNELS:\n  ReconDelay=(100,50)(200)\n  MQReconnectTimeout=60\n");
        Run run = Run.java(java, "-javaagent:" + Run.AGENT_JAR + "=config=" + ini, "-cp", Run.testClassPath(), HelloApp.class.getName());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(HELLO, run.stdout().trim(), run.toString());
        assertFalse(run.stderr().contains("internal error"), run.toString());
        // No SocketTargets, no ConnectionNameList: no bootstrap jar, so class-data sharing stays on.
        assertFalse(run.stderr().contains("bootstrap classpath has been appended"), run.toString());
    }

    /**
     * What start-up costs is measured by bench/startup (BENCHMARKS.md); this keeps its causes out: a program without
     * JMS, with or without socket support, starts no JMS engine, runs no weaving (ASM's ClassReader is not even loaded:
     * a JDK socket class loaded in premain would be woven there by a retransformation) and links no lambda of the
     * agent's (each costs about 0.6 ms to link, interpreted). Without settings, it does not even parse the defaults
     * that only a reconnect reads.
     */
    @Test
    void aProgramWithoutJmsLoadsNoWeavingNoEngineAndNoLambdaOfTheAgent() throws Exception {
        for (Path java : List.of(Jdk.DEFAULT.java(), Jdk.TEMURIN_25.installed().java())) {
            for (String args : List.of("", "=SocketTargets=127.0.0.1:9")) {
                Path log = dir.resolve("classes-" + Math.abs((java + args).hashCode()) + ".txt");
                Run run = Run.java(java, "-Xlog:class+load:file=" + log + ":none", "-javaagent:" + Run.AGENT_JAR + args,
                        "-cp", Run.testClassPath(), HelloApp.class.getName());
                assertEquals(0, run.exitCode(), run.toString());
                List<String> loaded = Files.readAllLines(log).stream().map(l -> l.split(" ", 2)[0]).collect(Collectors.toList());
                assertTrue(loaded.contains("io.reattach.agent.ReattachAgent"), "the class-load log lists the agent: " + log);
                List<String> unwanted = loaded.stream().filter(c -> c.startsWith("io.reattach.shaded.asm.ClassReader")
                        || c.startsWith("io.reattach.jms.") || c.startsWith("io.reattach.") && !c.startsWith("io.reattach.it.") && c.contains("$$Lambda"))
                        .collect(Collectors.toList());
                assertEquals(List.of(), unwanted, java + " -javaagent:reattach-agent.jar" + args);
                if (args.isEmpty()) {
                    // Nothing given: premain loads no settings parser (SettingsLoader.nothingGiven), and builds neither
                    // the reconnect policy nor the parts that settings would ask for (the socket and JDBC installers,
                    // the INI file's watcher).
                    List<String> notNeeded = loaded.stream().filter(List.of("io.reattach.policy.ReconDelaySchedule",
                            "io.reattach.policy.ReconnectPolicy", "io.reattach.agent.SocketInstrumentation",
                            "io.reattach.agent.JdbcInstrumentation", "io.reattach.config.ConfigWatcher",
                            "io.reattach.config.Key", "io.reattach.config.Values", "io.reattach.config.SettingsResolver",
                            "io.reattach.config.AgentArgs")::contains)
                            .collect(Collectors.toList());
                    assertEquals(List.of(), notNeeded, java + " -javaagent:reattach-agent.jar, no settings");
                }
            }
        }
    }

    @Test
    void anInvalidFileStopsTheJvmAtStartUpWithFileAndLine() throws Exception {
        Path ini = write("mqclient.ini", "# settings\nCHANNELS:\n  ReconDelay=(1000,abc)\n");
        Run run = Run.java(Jdk.DEFAULT.java(), "-javaagent:" + Run.AGENT_JAR + "=config=" + ini, "-cp", Run.testClassPath(), HelloApp.class.getName());
        assertEquals(2, run.exitCode(), run.toString());
        assertFalse(run.stdout().contains(HELLO), "the application must not have run: " + run);
        assertTrue(run.stderr().contains(ini + ":3"), "file:line expected: " + run);
        assertTrue(run.stderr().contains("ReconDelay=(1000,abc)"), "key and value expected: " + run);
    }

    @Test
    void onConfigErrorWarnRunsTheApplicationWithoutTheAgent() throws Exception {
        Path ini = write("mqclient.ini", "CHANNELS:\n  MQReconnectTimeout=soon\n");
        Run run = Run.java(Jdk.DEFAULT.java(), "-Dreattach.onConfigError=warn", "-javaagent:" + Run.AGENT_JAR + "=config=" + ini,
                "-cp", Run.testClassPath(), HelloApp.class.getName());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(HELLO, run.stdout().trim(), run.toString());
        assertTrue(run.stderr().contains(ini + ":2"), run.toString());
        assertTrue(run.stderr().contains("WITHOUT Reattach"), run.toString());
    }

    /** Operations (issue 6), security: a file other users can write could point the application at another host. */
    @Test
    void aWorldOrGroupWritableFileIsRefusedWithWhyAndHowToFixIt() throws Exception {
        for (String mode : List.of("rw-rw-rw-", "rw-rw-r--")) {
            Path ini = write("mqclient.ini", "CHANNELS:\n  ReconDelay=(100,50)\n");
            java.nio.file.Files.setPosixFilePermissions(ini, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
            Run run = Run.java(Jdk.DEFAULT.java(), "-javaagent:" + Run.AGENT_JAR + "=config=" + ini, "-cp", Run.testClassPath(), HelloApp.class.getName());
            assertEquals(2, run.exitCode(), run.toString());
            assertFalse(run.stdout().contains(HELLO), "the application must not have run: " + run);
            assertTrue(run.stderr().contains(ini + ": this file is writable by " + (mode.endsWith("w-") ? "its group and all users" : "its group")
                    + " (permissions " + mode + "): whoever can write it can redirect this application's connections to another host,"
                    + " so Reattach refuses it: run 'chmod go-w' on it, or accept the risk with -Dreattach.allowInsecureConfig=true"), run.toString());

            Run allowed = Run.java(Jdk.DEFAULT.java(), "-Dreattach.allowInsecureConfig=true", "-javaagent:" + Run.AGENT_JAR + "=config=" + ini,
                    "-cp", Run.testClassPath(), HelloApp.class.getName());
            assertEquals(0, allowed.exitCode(), allowed.toString());
            assertEquals(HELLO, allowed.stdout().trim(), allowed.toString());
            assertTrue(allowed.stderr().contains("read anyway because allowInsecureConfig=true"), allowed.toString());
        }
    }

    @Test
    void checkConfigPrintsTheEffectiveSettingsWithTheirSources() throws Exception {
        Path ini = write("mqclient.ini", "CHANNELS:\n  ReconDelay=(500,100)\n");
        Run run = Run.java(Jdk.DEFAULT.java(), "-jar", Run.AGENT_JAR.toString(), "check-config", ini.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains(ini + ":2"), run.toString());
        assertTrue(run.stdout().contains("MQReconnectTimeout"), run.toString());
        assertTrue(run.stdout().contains("default"), run.toString());
    }

    @Test
    void checkConfigRejectsAnInvalidFileWithExitCode2() throws Exception {
        Path ini = write("mqclient.ini", "CHANNELS:\n  DefRecon=MAYBE\n");
        Run run = Run.java(Jdk.DEFAULT.java(), "-jar", Run.AGENT_JAR.toString(), "check-config", ini.toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains(ini + ":2"), run.toString());
        assertTrue(run.stderr().contains("DefRecon=MAYBE"), run.toString());
    }

    @Test
    void versionAndHelp() throws Exception {
        Run version = Run.java(Jdk.DEFAULT.java(), "-jar", Run.AGENT_JAR.toString(), "--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.stdout().matches("reattach-agent \\d+\\.\\d+\\.\\d+.*\\s*"), version.toString());
        Run help = Run.java(Jdk.DEFAULT.java(), "-jar", Run.AGENT_JAR.toString(), "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.stdout().contains("check-config"), help.toString());
        assertTrue(help.stdout().contains("java -jar reattach-agent.jar status <pid> [--json]"), help.toString());
    }

    @Test
    void theJarHoldsNothingOutsideTheProjectPackageButMetaInf() throws Exception {
        try (JarFile jar = new JarFile(Run.AGENT_JAR.toFile())) {
            List<String> strays = Collections.list(jar.entries()).stream().map(ZipEntry::getName)
                    .filter(n -> !n.startsWith("io/reattach/") && !n.startsWith("META-INF/") && !n.equals("io/"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), strays);
            assertTrue(jar.getEntry("io/reattach/shaded/asm/ClassReader.class") != null, "ASM relocated");
            assertTrue(jar.getEntry("io/reattach/shaded/bytebuddy/agent/ByteBuddyAgent.class") != null, "byte-buddy-agent relocated");
            // Byte Buddy itself is not shipped: every JVM start with the agent opens and indexes the whole jar.
            assertTrue(jar.getEntry("io/reattach/shaded/bytebuddy/agent/builder/AgentBuilder.class") == null, "no Byte Buddy");
            assertEquals(List.of(), Collections.list(jar.entries()).stream().map(ZipEntry::getName)
                    .filter(n -> n.startsWith("META-INF/versions/") || n.endsWith("module-info.class")).collect(Collectors.toList()));
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.reattach.agent.ReattachAgent", main.getValue("Premain-Class"));
            assertEquals("io.reattach.agent.ReattachAgent", main.getValue("Agent-Class"));
            assertEquals("io.reattach.agent.ReattachAgent", main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("true", main.getValue("Can-Redefine-Classes"));
            assertTrue(main.getValue("Implementation-Version").matches("\\d+\\.\\d+\\.\\d+.*"));
        }
    }

    @Test
    void theAgentsBytecodeLoadsOnJava8() throws Exception {
        try (JarFile jar = new JarFile(Run.AGENT_JAR.toFile())) {
            for (String name : List.of("io/reattach/agent/ReattachAgent.class", "io/reattach/jms/ManagedObject.class",
                    "io/reattach/shaded/asm/ClassReader.class", "io/reattach/shaded/bytebuddy/agent/ByteBuddyAgent.class")) {
                byte[] header = jar.getInputStream(jar.getEntry(name)).readNBytes(8);
                int major = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
                assertTrue(major <= 52, name + " has class file version " + major + ", more than Java 8's 52");
            }
        }
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
