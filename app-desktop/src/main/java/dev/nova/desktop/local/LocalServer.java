package dev.nova.desktop.local;

import dev.nova.protocol.Check;
import dev.nova.server.NovaServer;
import dev.nova.server.identity.Role;
import dev.nova.server.config.Limits;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.config.LlmSettings;
import dev.nova.server.config.ToolSettings;
import dev.nova.server.sqlite.DailyBackups;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Local mode: the app's own Nova server, in-process on 127.0.0.1 and a free port, with the data
 * in the data directory. Each start makes a fresh key for the local person (the old one is revoked:
 * keys are stored only as hashes, so a key cannot be read back) and the server stops with the app.
 * A copy of the database is kept each day in {@code backups/} of the data directory, the last
 * {@value #DAILY_BACKUPS} of them.
 */
public final class LocalServer implements AutoCloseable {
    /** Daily copies of the database kept in the data directory's {@code backups/}. */
    static final int DAILY_BACKUPS = 7;

    private final NovaServer server;
    private final DailyBackups backups;
    private final String identity;
    private final String apiKey;
    private final Path mcpConfig;

    private LocalServer(NovaServer server, DailyBackups backups, String identity, String apiKey, Path mcpConfig) {
        this.server = server;
        this.backups = backups;
        this.identity = identity;
        this.apiKey = apiKey;
        this.mcpConfig = mcpConfig;
    }

    /** The local server, its MCP servers in the person's {@code ~/.config/nova/mcp.json}. */
    public static LocalServer start(Path dataDir, LlmSettings llm) {
        return start(dataDir, llm, ToolSettings.defaults().mcpConfig());
    }

    /** The local server, its MCP servers in {@code mcpConfig} (followed as it changes). */
    public static LocalServer start(Path dataDir, LlmSettings llm, Path mcpConfig) {
        ServerConfig base = ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dataDir)
                .withLimits(Limits.local());
        base = base.withTools(base.tools().withMcpConfig(mcpConfig));
        NovaServer server = NovaServer.start(base.withLlm(llm));
        try {
            String identity = identityOf(System.getProperty("user.name"));
            server.keys().revoke(identity);
            String key = server.keys().create(identity, Role.ADMIN);
            return new LocalServer(server, DailyBackups.start(dataDir, DAILY_BACKUPS, Clock.systemDefaultZone()),
                    identity, key, mcpConfig);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Local mode's data: {@code $XDG_DATA_HOME/nova}, or {@code ~/.local/share/nova}. */
    public static Path defaultDataDir() {
        return ServerConfig.xdgDataDir("nova");
    }

    /** The OS user name as a Nova identity: {@code [A-Za-z0-9_.:-]}, or {@code me}. */
    static String identityOf(String userName) {
        String cleaned = userName == null ? "" : userName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "");
        return Check.isName(cleaned) ? cleaned : "me";
    }

    public URI uri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/api/nova/ws/" + identity);
    }

    public String identity() {
        return identity;
    }

    public String apiKey() {
        return apiKey;
    }

    /** The {@code mcp.json} this server's MCP servers come from (the desktop imports LM Studio's into it). */
    public Path mcpConfig() {
        return mcpConfig;
    }

    @Override
    public void close() {
        backups.close();
        server.close();
    }
}
