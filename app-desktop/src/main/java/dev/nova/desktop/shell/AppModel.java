package dev.nova.desktop.shell;

import dev.nova.desktop.board.AgentPanelViewModel;
import dev.nova.desktop.board.TaskBoardViewModel;
import dev.nova.desktop.chat.ChatViewModel;
import dev.nova.desktop.importing.ImportViewModel;
import dev.nova.desktop.models.ModelsViewModel;
import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.sidebar.SidebarViewModel;
import dev.nova.desktop.tools.McpImport;
import dev.nova.desktop.tools.ToolsViewModel;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ToolServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.collections.ListChangeListener;
import javafx.scene.Parent;

/**
 * The view models of the window, fed by one client. This is where each server message type
 * goes: one line per type below.
 */
public record AppModel(SidebarViewModel sidebar, ChatViewModel chat, TaskBoardViewModel board,
                       AgentPanelViewModel agents, StatusViewModel status, ModelsViewModel models,
                       ImportViewModel imports, ToolsViewModel tools) {

    /** The view models of a window on a team server (its MCP servers are its operator's). */
    public static AppModel wire(NovaClient c, UiExecutor ui) {
        return wire(c, ui, null);
    }

    /**
     * The view models of a window; {@code mcpConfig} is the {@code mcp.json} of this app's own
     * server (local mode: LM Studio's servers can be imported into it), null for a team server.
     */
    public static AppModel wire(NovaClient c, UiExecutor ui, Path mcpConfig) {
        return wire(c, ui, mcpConfig, McpImport.lmStudioFile(Path.of(System.getProperty("user.home"))));
    }

    /** {@link #wire(NovaClient, UiExecutor, Path)} importing LM Studio's servers from {@code lmStudioMcp}. */
    static AppModel wire(NovaClient c, UiExecutor ui, Path mcpConfig, Path lmStudioMcp) {
        AppModel m = new AppModel(new SidebarViewModel(c, ui, c::subscribe, c::unsubscribe, Clock.systemUTC()),
                new ChatViewModel(c, "assistant"), new TaskBoardViewModel(c, ui), new AgentPanelViewModel(ui),
                new StatusViewModel(ui, c::reconnectNow), new ModelsViewModel(c, ui), new ImportViewModel(c, ui),
                new ToolsViewModel(c, ui, mcpConfig, lmStudioMcp));
        c.onState(s -> {
            m.status.connection(s, c.failure());
            m.agents.connected(s == dev.nova.desktop.net.ConnectionState.CONNECTED);
        });
        AtomicBoolean connectedBefore = new AtomicBoolean();
        c.on(ServerMessage.ConnectionSuccess.class, e -> {
            m.sidebar.connected(e.data().clientId());
            m.status.connectedTo(e.data());
            m.chat.connectedAs(e.data().clientId());
            m.models.refresh(); // the pickers offer the model server's models
            m.imports.connected(); // an import under way goes on
            m.tools.connected(); // the MCP servers, and every change of them from now on
            if (connectedBefore.getAndSet(true)) {
                ui.execute(m.chat::reload); // back after a drop: fill in what the open conversation missed
            }
        });
        c.on(ServerMessage.ChatMessage.class, e -> {
            m.chat.received(e.channel(), e.data());
            m.sidebar.received(e.channel(), e.data());
        });
        c.on(ServerMessage.History.class, e -> ui.execute(() -> m.chat.showHistory(e.channel(), e.data())));
        c.on(ServerMessage.LlmChunk.class, e -> {
            m.chat.received(e.data());
            m.board.received(e.data());
        });
        c.on(ServerMessage.Error.class, e -> m.chat.received(e.data()));
        c.on(ServerMessage.Threads.class, e -> m.sidebar.received(e.data()));
        c.on(ServerMessage.ThreadUpdate.class, e -> m.sidebar.received(e.data()));
        c.on(ServerMessage.Search.class, e -> m.sidebar.received(e.data()));
        c.on(ServerMessage.TaskUpdate.class, e -> {
            m.board.received(e.data());
            m.chat.received(e.data());
        });
        c.on(ServerMessage.Models.class, e -> m.models.received(e.data()));
        c.on(ServerMessage.Tools.class, e -> m.tools.received(e.data()));
        c.on(ServerMessage.ToolCall.class, e -> {
            m.chat.received(e.data());
            m.tools.received(e.data());
            m.board.received(e.data()); // an agent's call: on its task's card and in its window
        });
        c.on(ServerMessage.ThreadImport.class, e -> m.imports.received(e.data()));
        c.on(ServerMessage.MessageDelete.class, e -> ui.execute(() -> m.chat.deleted(e.data())));
        c.on(ServerMessage.ModelStatus.class, e -> m.models.received(e.data()));
        c.on(ServerMessage.AgentStatus.class, e -> m.agents.received(e.data()));
        c.on(ServerMessage.AgentAction.class, e -> m.agents.received(e.data()));
        c.on(ServerMessage.ServerStatus.class, e -> {
            m.status.serverStatus(e.data());
            if (e.data().status() == dev.nova.protocol.ServerState.OK) {
                ui.execute(m.chat::reload); // the server is back: what the open conversation missed
            }
        });
        m.sidebar.selected().addListener((o, was, now) -> {
            if (now != null && !now.key().equals(m.chat.conversation().get())) {
                m.chat.open(now.key());
            }
            m.chat.title().unbind();
            m.chat.threadSettings().unbind();
            if (now != null) {
                m.chat.title().bind(now.title());
                m.chat.threadSettings().bind(now.settings());
            } else {
                m.chat.threadSettings().set(dev.nova.protocol.ThreadSettings.DEFAULTS);
            }
        });
        m.sidebar.hitOpened().addListener((o, was, hit) -> {
            if (hit != null) {
                m.chat.focus(hit.offset());
            }
        });
        m.tools.servers().addListener((ListChangeListener<ToolServer>) ch ->
                m.sidebar.toolServers().setAll(m.tools.serverNames()));
        c.subscribe("tasks");
        c.subscribe("agent-status");
        return m;
    }

    /**
     * The window for these view models, with the chat flushed from the pulse, at most 30 times a
     * second (so a token stream becomes at most one update per answer per frame). Call on the FX thread.
     */
    public Parent view(Runnable openSettings) {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                chat.flush(now);
                sidebar.flushRead(); // the open conversation's read mark, at most once a second
            }
        }.start();
        return MainView.build(sidebar, chat, board, agents, status, openSettings, models, imports, tools);
    }
}
