package dev.nova.desktop.shell;

import dev.nova.desktop.board.AgentPanelViewModel;
import dev.nova.desktop.board.BoardView;
import dev.nova.desktop.board.TaskBoardViewModel;
import dev.nova.desktop.chat.ChatViewModel;
import dev.nova.desktop.chat.ConversationView;
import javafx.scene.Parent;
import javafx.scene.layout.BorderPane;

/** The window's content: the status bar on top, the conversation, the agents and the task board. */
public final class MainView {
    private MainView() {}

    public static Parent build(ChatViewModel chat, TaskBoardViewModel board, AgentPanelViewModel agents,
                               StatusViewModel status) {
        return build(chat, board, agents, status, () -> { });
    }

    public static Parent build(ChatViewModel chat, TaskBoardViewModel board, AgentPanelViewModel agents,
                               StatusViewModel status, Runnable openSettings) {
        BorderPane root = new BorderPane();
        root.getStyleClass().add("nova-root");
        root.setTop(StatusBar.build(status, chat, openSettings));
        root.setCenter(ConversationView.build(chat));
        root.setRight(BoardView.build(board, agents));
        return root;
    }
}
