package dev.nova.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What this server build is: its version, as Maven stamped it into {@code nova-server.properties}. */
public final class ServerInfo {
    private static final String VERSION = load();

    private ServerInfo() {}

    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ServerInfo.class.getResourceAsStream("nova-server.properties")) {
            if (in == null) {
                throw new IllegalStateException("nova-server.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
