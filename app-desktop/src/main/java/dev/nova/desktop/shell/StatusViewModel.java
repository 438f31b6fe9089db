package dev.nova.desktop.shell;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nova.desktop.net.ConnectionState;
import dev.nova.desktop.ui.UiExecutor;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The two status chips: the connection (connected / reconnecting / offline) and LM Studio (ready
 * with its model / no model loaded / not reachable), each with a style (ok, warn, bad) and, when
 * something is wrong, a one-line fix.
 */
public final class StatusViewModel {
    private final UiExecutor ui;
    private final StringProperty connection = new SimpleStringProperty("Offline");
    private final StringProperty connectionStyle = new SimpleStringProperty("bad");
    private final StringProperty llm = new SimpleStringProperty("LM Studio: checking...");
    private final StringProperty llmStyle = new SimpleStringProperty("warn");
    private final StringProperty llmFix = new SimpleStringProperty("");
    private final javafx.beans.property.BooleanProperty waitingToReconnect = new javafx.beans.property.SimpleBooleanProperty();

    private final Runnable reconnectNow;
    // UI thread only
    private ConnectionState state = ConnectionState.DISCONNECTED;
    private boolean degraded;
    private dev.nova.protocol.ServerMessage.ConnectionSuccess server;

    /** {@code reconnectNow} tries the connection again at once (the client's own). */
    public StatusViewModel(UiExecutor ui, Runnable reconnectNow) {
        this.ui = ui;
        this.reconnectNow = reconnectNow;
    }

    /** "Reconnect now": try at once instead of waiting out the backoff. */
    public void reconnectNow() {
        reconnectNow.run();
    }

    public StringProperty connection() {
        return connection;
    }

    public StringProperty connectionStyle() {
        return connectionStyle;
    }

    public StringProperty llm() {
        return llm;
    }

    public StringProperty llmStyle() {
        return llmStyle;
    }

    public StringProperty llmFix() {
        return llmFix;
    }

    /** The connection is lost and the client waits to try again: the chip offers "Reconnect now". */
    public javafx.beans.property.ReadOnlyBooleanProperty waitingToReconnect() {
        return waitingToReconnect;
    }

    public void connection(ConnectionState state, String failure) {
        ui.execute(() -> {
            // "Reconnect now" while it waits to try again, and after a refusal: a person always has a way back
            waitingToReconnect.set(state == ConnectionState.RECONNECTING || state == ConnectionState.FAILED);
            if (state != ConnectionState.CONNECTED) {
                degraded = false; // a new connection hears it again if it still is
            }
            this.state = state;
            switch (state) {
                case CONNECTED -> connected();
                case CONNECTING, AUTHENTICATING -> set(connection, connectionStyle, "Connecting...", "warn");
                case RECONNECTING -> set(connection, connectionStyle, "Reconnecting...", "warn");
                case FAILED -> set(connection, connectionStyle, "Refused: " + (failure == null ? "check the API key" : failure), "bad");
                case DISCONNECTED -> set(connection, connectionStyle, "Offline", "bad");
            }
        });
    }

    /** This build's version: the parent POM's, stamped in at build time. */
    public static String appVersion() {
        return dev.nova.server.config.ServerInfo.version();
    }

    /** The connected server said who it is ({@code connection_success}). */
    public void connectedTo(dev.nova.protocol.ServerMessage.ConnectionSuccess s) {
        ui.execute(() -> server = s);
    }

    /** What the About dialog says: this app, the server it is connected to, the runtime. */
    public String about() {
        String to = server == null ? "Not connected to a server yet."
                : "Connected to a Nova server " + (server.serverVersion() == null ? "of unknown version"
                : server.serverVersion()) + (server.protocol() == null ? "" : ", protocol " + server.protocol())
                  + ", as " + server.clientId() + ".";
        return "Desktop " + appVersion() + ", protocol " + dev.nova.protocol.ServerMessage.PROTOCOL_VERSION + ".\n"
                + to + "\nJava " + System.getProperty("java.version") + ", JavaFX "
                + System.getProperty("javafx.runtime.version", "?") + ".";
    }

    /** The server's own state ({@code server_status}): degraded while it cannot store messages. */
    public void serverStatus(dev.nova.protocol.ServerMessage.ServerStatus s) {
        ui.execute(() -> {
            degraded = s.status() == dev.nova.protocol.ServerState.DEGRADED;
            if (state == ConnectionState.CONNECTED) {
                connected();
            }
        });
    }

    private void connected() {
        if (degraded) {
            set(connection, connectionStyle, "Connected, not storing: the server's store is down", "warn");
        } else {
            set(connection, connectionStyle, "Connected", "ok");
        }
    }

    /**
     * What to call the model server: "LM Studio" at LM Studio's port (1234) or address, else
     * "Model server" (llama.cpp, Ollama, vLLM: no LM Studio advice for them).
     */
    static String serverName(String url) {
        if (url == null || url.isBlank()) {
            return "LM Studio";
        }
        try {
            java.net.URI u = java.net.URI.create(url.strip());
            return u.getPort() == 1234 || (u.getHost() != null && u.getHost().contains("lmstudio")) ? "LM Studio"
                    : "Model server";
        } catch (IllegalArgumentException e) {
            return "Model server";
        }
    }

    /** From the server's {@code /health} {@code llm} object; null when the server did not answer. */
    public void llmHealth(JsonNode llmNode) {
        ui.execute(() -> {
            String status = llmNode == null ? "unknown" : llmNode.path("status").asText();
            String url = llmNode == null ? null : llmNode.path("url").asText(null);
            String name = serverName(url);
            boolean lmStudio = name.equals("LM Studio");
            switch (status) {
                case "ready" -> {
                    set(llm, llmStyle, name + ": " + llmNode.path("models").path(0).asText("ready"), "ok");
                    llmFix.set("");
                }
                case "no_models" -> {
                    set(llm, llmStyle, name + ": no model loaded", "warn");
                    llmFix.set(lmStudio ? "Load a model in LM Studio (Developer tab) or run: lms load <model>"
                            : "Load a model in the model server at " + url);
                }
                case "unreachable" -> {
                    set(llm, llmStyle, name + ": not reachable", "bad");
                    llmFix.set(lmStudio ? "Start LM Studio's local server (Developer tab, or: lms server start) at " + url
                            : "Start the model server at " + url + ", or set its URL in Settings");
                }
                default -> {
                    set(llm, llmStyle, "Model server: unknown", "warn");
                    llmFix.set("The Nova server did not report on its model server");
                }
            }
        });
    }

    private static void set(StringProperty text, StringProperty style, String t, String s) {
        text.set(t);
        style.set(s);
    }
}
