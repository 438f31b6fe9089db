package dev.nova.desktop.shell;

import dev.nova.desktop.board.AgentPanelViewModel;
import dev.nova.desktop.board.TaskBoardViewModel;
import dev.nova.desktop.chat.ChatViewModel;
import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ServerMessage;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.scene.Parent;

/** The view models of the window, fed by one client: which frame goes to which view model. */
public record AppModel(ChatViewModel chat, TaskBoardViewModel board, AgentPanelViewModel agents,
                       StatusViewModel status) {

    public static AppModel wire(NovaClient c, UiExecutor ui) {
        AppModel m = new AppModel(new ChatViewModel(c, "assistant"), new TaskBoardViewModel(c, ui),
                new AgentPanelViewModel(ui), new StatusViewModel(ui));
        c.onState(s -> m.status.connection(s, c.failure()));
        c.on(ServerMessage.ChatMessage.class, e -> {
            if (e.channel() == null) {
                m.chat.received(e.data());
            }
        });
        c.on(ServerMessage.LlmChunk.class, e -> m.chat.received(e.data()));
        c.on(ServerMessage.Error.class, e -> m.chat.received(e.data()));
        c.on(ServerMessage.TaskUpdate.class, e -> m.board.received(e.data()));
        c.on(ServerMessage.AgentStatus.class, e -> m.agents.received(e.data()));
        c.on(ServerMessage.History.class, e -> ui.execute(() -> m.chat.showHistory(e.data().messages())));
        AtomicBoolean historyAsked = new AtomicBoolean();
        c.on(ServerMessage.ConnectionSuccess.class, e -> {
            if (historyAsked.compareAndSet(false, true)) {
                c.send(null, new ClientMessage.History("assistant", null, 100));
            }
        });
        c.subscribe("tasks");
        c.subscribe("agent-status");
        return m;
    }

    /**
     * The window for these view models, with the chat flushed once per pulse (so a token stream
     * becomes at most one update per answer per frame). Call on the FX thread.
     */
    public Parent view(Runnable openSettings) {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                chat.flush();
            }
        }.start();
        return MainView.build(chat, board, agents, status, openSettings);
    }
}
