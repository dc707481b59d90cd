package io.reattach.config;

import io.reattach.config.ConfigException.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Refuses an INI file that users other than its owner (and root) can write: whoever can write it can point this
 * application's connections at another host. With {@code allowInsecureConfig=true} it is read, with a warning.
 * File systems without POSIX permissions are not checked.
 */
final class InsecureFileCheck {
    private final boolean allowed;
    private final LoadReport report;

    /** @param allowed {@code allowInsecureConfig}, which comes from the agent arguments or system properties, never the file */
    InsecureFileCheck(boolean allowed, LoadReport report) {
        this.allowed = allowed;
        this.report = report;
    }

    /** {@code allowInsecureConfig} from the agent argument, else the system property; false when invalid (reported elsewhere). */
    static InsecureFileCheck of(SourceValues args, SourceValues properties, LoadReport report) {
        GivenValue given = args.has(Key.ALLOW_INSECURE_CONFIG) ? args.get(Key.ALLOW_INSECURE_CONFIG) : properties.get(Key.ALLOW_INSECURE_CONFIG);
        return new InsecureFileCheck(given != null && given.text.trim().equalsIgnoreCase("true"), report);
    }

    /** Whether to read the file; when not, the reason and the fix are reported as a problem of the file. */
    boolean mayRead(Path path) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException | IOException e) {
            return true; // not a POSIX file system, or unreadable: reading it reports the latter
        }
        String owner = null;
        try {
            owner = Files.getOwner(path).getName();
        } catch (UnsupportedOperationException | IOException e) {
            // no owner to compare: the permissions alone decide
        }
        String me = System.getProperty("user.name");
        String who = writers(permissions, owner, me);
        if (who == null) {
            return true;
        }
        String risk = "this file is writable by " + who + " (permissions " + PosixFilePermissions.toString(permissions)
                + "): whoever can write it can redirect this application's connections to another host";
        if (allowed) {
            report.warn(path + ": " + risk + "; read anyway because allowInsecureConfig=true");
            return true;
        }
        String fix = !otherOwner(owner, me) ? "run 'chmod go-w' on it"
                : "chown it to " + (me.equals("root") ? "root" : me + " or root") + " and run 'chmod go-w' on it";
        report.problem(new Problem(Source.file(path.toString()), null, null, risk + ", so Reattach refuses it: " + fix
                + ", or accept the risk with -Dreattach.allowInsecureConfig=true", null));
        return false;
    }

    /**
     * Who besides this JVM's user (and root) can write a file with these permissions and owner: null for nobody;
     * otherwise e.g. "its group", "all users", "its owner bob and its group". An unknown owner or user
     * ({@code null}, or {@code ?} for a user id without a name) is not compared.
     */
    static String writers(Set<PosixFilePermission> permissions, String owner, String me) {
        List<String> writers = new ArrayList<>();
        if (otherOwner(owner, me) && permissions.contains(PosixFilePermission.OWNER_WRITE)) {
            writers.add("its owner " + owner);
        }
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)) {
            writers.add("its group");
        }
        if (permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            writers.add("all users");
        }
        return writers.isEmpty() ? null : Text.joinWords(writers);
    }

    private static boolean otherOwner(String owner, String me) {
        return owner != null && me != null && !me.isEmpty() && !me.equals("?") && !owner.equals(me) && !owner.equals("root");
    }
}
