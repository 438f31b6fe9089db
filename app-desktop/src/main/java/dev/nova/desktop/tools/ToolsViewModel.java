package dev.nova.desktop.tools;

import dev.nova.desktop.net.Outgoing;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ToolCallStatus;
import dev.nova.protocol.ToolPolicy;
import dev.nova.protocol.ToolServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * MCP tools as the person sees them: the servers the Nova server uses, how each is doing, its
 * tools and this person's policy for each, the calls waiting for their approval (counted in the
 * window's title; decided on their cards in the conversation), and, in local mode, "Import from LM Studio". Network-thread input is moved to
 * the UI thread.
 */
public final class ToolsViewModel {
    private final Outgoing out;
    private final UiExecutor ui;
    /** Nova's {@code mcp.json} when the server is this app's own (local mode); null for a team server. */
    private final Path mcpConfig;
    private final Path lmStudioFile;
    private final ObservableList<ToolServer> servers = FXCollections.observableArrayList();
    private final ObservableMap<String, ServerMessage.ToolCall> waiting =
            FXCollections.observableMap(new LinkedHashMap<>());
    private final IntegerBinding waitingCount = Bindings.size(waiting);
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");

    public ToolsViewModel(Outgoing out, UiExecutor ui, Path mcpConfig, Path lmStudioFile) {
        this.out = out;
        this.ui = ui;
        this.mcpConfig = mcpConfig;
        this.lmStudioFile = lmStudioFile;
    }

    /** Every configured MCP server, as the server last said. */
    public ObservableList<ToolServer> servers() {
        return servers;
    }

    /** The names of the servers a thread may use. */
    public List<String> serverNames() {
        return servers.stream().map(ToolServer::name).toList();
    }

    /** Calls waiting for this person's approval, by call id, oldest first. */
    public ObservableMap<String, ServerMessage.ToolCall> waiting() {
        return waiting;
    }

    public IntegerBinding waitingCount() {
        return waitingCount;
    }

    /** What the last import did, or why it could not. */
    public ReadOnlyStringProperty note() {
        return note.getReadOnlyProperty();
    }

    // ---- network thread

    /** Connected: asks for the tools (and hears of every change from then on). */
    public void connected() {
        out.send(null, new ClientMessage.Tools());
    }

    public void received(ServerMessage.Tools t) {
        ui.execute(() -> {
            if (!servers.equals(t.servers())) { // the same again (asked for when the window opens) redraws nothing
                servers.setAll(t.servers());
            }
        });
    }

    public void received(ServerMessage.ToolCall call) {
        ui.execute(() -> {
            if (call.call().status() == ToolCallStatus.PENDING_APPROVAL) {
                waiting.put(call.call().callId(), call);
            } else {
                waiting.remove(call.call().callId());
            }
        });
    }

    // ---- the person

    /** This person's policy for one tool: ask each time, run without asking, or never. */
    public void setPolicy(String server, String tool, ToolPolicy policy) {
        out.send(null, new ClientMessage.ToolPolicyUpdate(server, tool, policy, null));
    }

    /** Whether servers can be imported: only into this app's own server's {@code mcp.json}. */
    public boolean canImport() {
        return mcpConfig != null;
    }

    /** Where Nova's own {@code mcp.json} is, in local mode. */
    public Path mcpConfig() {
        return mcpConfig;
    }

    /** Adds LM Studio's MCP servers to Nova's; the server starts them within seconds (it follows the file). */
    public void importFromLmStudio() {
        if (mcpConfig == null) {
            note.set("A team server's MCP servers are set by its operator (its mcp.json)");
            return;
        }
        try {
            note.set(McpImport.merge(lmStudioFile, mcpConfig).summary());
        } catch (IOException | RuntimeException e) {
            note.set("Not imported: " + e.getMessage());
        }
    }
}
