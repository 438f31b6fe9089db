package dev.nova.server.testing;

import java.io.File;
import java.util.List;

/** Where a program the tests start (redis-server, redis-cli, haproxy) is installed. */
public final class Executables {
    private Executables() {}

    /** {@code name} on the PATH, else in /usr/bin, /usr/local/bin or /usr/sbin (Debian puts haproxy there); null when not installed. */
    public static String find(String name) {
        for (String d : List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
