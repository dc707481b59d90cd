package io.reattach.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An INI file other users can write is refused, with why and how to fix it; allowInsecureConfig=true overrides. */
class InsecureFileTest {

    @TempDir
    Path tmp;
    TestEnv t;
    Path ini;

    @BeforeEach
    void setUp() {
        t = new TestEnv(tmp);
        ini = TestEnv.write(tmp.resolve("mqclient.ini"), "CHANNELS:\n  ReconDelay=(500)\n");
    }

    private void chmod(String mode) throws Exception {
        Files.setPosixFilePermissions(ini, PosixFilePermissions.fromString(mode));
    }

    @Test
    void aFileOnlyItsOwnerCanWriteIsRead() throws Exception {
        chmod("rw-r--r--");
        assertEquals("(500,0)", TestEnv.setting(t.load("config=" + ini), "ReconDelay").value());
    }

    @Test
    void aWorldWritableFileIsRefusedWithTheReasonAndTheFix() throws Exception {
        chmod("rw-rw-rw-");
        ConfigException e = t.loadFails("config=" + ini);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(ini + ": this file is writable by its group and all users (permissions rw-rw-rw-): whoever can write it can"
                + " redirect this application's connections to another host, so Reattach refuses it: run 'chmod go-w' on it,"
                + " or accept the risk with -Dreattach.allowInsecureConfig=true", e.getMessage());
    }

    @Test
    void aGroupWritableFileIsRefusedAlsoWhereItIsFoundImplicitly() throws Exception {
        Path implicit = TestEnv.write(t.workDir.resolve("mqclient.ini"), "CHANNELS:\n  DefRecon=NO\n");
        Files.setPosixFilePermissions(implicit, PosixFilePermissions.fromString("rw-rw-r--"));
        ConfigException e = t.loadFails(null);
        assertTrue(e.getMessage().startsWith(implicit + ": this file is writable by its group (permissions rw-rw-r--)"), e.getMessage());
    }

    @Test
    void allowInsecureConfigReadsItWithAWarning() throws Exception {
        chmod("rw-rw-rw-");
        Settings s = t.property("reattach.allowInsecureConfig", "true").load("config=" + ini);
        assertEquals("(500,0)", TestEnv.setting(s, "ReconDelay").value());
        assertEquals(1, s.warnings().size(), s.warnings().toString());
        assertTrue(s.warnings().get(0).endsWith("read anyway because allowInsecureConfig=true"), s.warnings().toString());
        assertEquals("(500,0)", TestEnv.setting(new TestEnv(tmp.resolve("other")).load("config=" + ini + ",allowInsecureConfig=true"),
                "ReconDelay").value());
    }

    /** A file owned by another user (not root) can be written by that user, whatever its mode says of others. */
    @Test
    void whoCanWriteAFile() {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-r--r--");
        assertEquals(null, SettingsLoader.insecureWriters(ownerOnly, "alice", "alice"));
        assertEquals(null, SettingsLoader.insecureWriters(ownerOnly, "root", "alice"));
        assertEquals("its owner bob", SettingsLoader.insecureWriters(ownerOnly, "bob", "alice"));
        assertEquals(null, SettingsLoader.insecureWriters(PosixFilePermissions.fromString("r--r--r--"), "bob", "alice"));
        assertEquals("its owner bob, its group and all users",
                SettingsLoader.insecureWriters(PosixFilePermissions.fromString("rw-rw-rw-"), "bob", "alice"));
        assertEquals("its group", SettingsLoader.insecureWriters(PosixFilePermissions.fromString("rw-rw-r--"), "alice", "alice"));
        assertEquals(null, SettingsLoader.insecureWriters(ownerOnly, "bob", "?")); // a user id without a name: not compared
        assertEquals(null, SettingsLoader.insecureWriters(ownerOnly, "bob", null));
    }

    @Test
    void theFileCannotAllowItself() throws Exception {
        TestEnv.write(ini, "CHANNELS:\n  allowInsecureConfig=true\n");
        chmod("rw-rw-rw-");
        assertTrue(t.loadFails("config=" + ini).getMessage().contains("so Reattach refuses it"));
    }
}
