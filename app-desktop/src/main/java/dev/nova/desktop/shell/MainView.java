package dev.nova.desktop.shell;

import dev.nova.desktop.board.AgentPanelViewModel;
import dev.nova.desktop.board.BoardView;
import dev.nova.desktop.board.TaskBoardViewModel;
import dev.nova.desktop.chat.ChatViewModel;
import dev.nova.desktop.chat.ConversationView;
import dev.nova.desktop.models.ModelsViewModel;
import dev.nova.desktop.sidebar.ConversationHeader;
import dev.nova.desktop.sidebar.SidebarView;
import dev.nova.desktop.sidebar.SidebarViewModel;
import javafx.scene.Parent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The window's content: the status bar on top, threads and channels, the conversation, the agents and the task board. */
public final class MainView {
    private MainView() {}

    public static Parent build(SidebarViewModel sidebar, ChatViewModel chat, TaskBoardViewModel board,
                               AgentPanelViewModel agents, StatusViewModel status, Runnable openSettings,
                               ModelsViewModel models, dev.nova.desktop.importing.ImportViewModel imports,
                               dev.nova.desktop.tools.ToolsViewModel tools) {
        BorderPane root = new BorderPane();
        root.getStyleClass().add("nova-root");
        root.setTop(StatusBar.build(status, chat, openSettings, models, imports, tools));
        root.setLeft(SidebarView.build(sidebar, models.names()));
        VBox centre = new VBox(ConversationHeader.build(sidebar, models.names()), ConversationView.build(chat));
        VBox.setVgrow(centre.getChildren().get(1), Priority.ALWAYS);
        root.setCenter(centre);
        root.setRight(BoardView.build(board, agents));
        // The side panes take a share of the window, within bounds, so that a 1000-pixel window holds all three
        // (a BorderPane gives its sides their preferred widths, whatever is left for the middle).
        Region left = (Region) root.getLeft();
        Region right = (Region) root.getRight();
        left.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.max(200, Math.min(260, root.getWidth() * 0.22)), root.widthProperty()));
        right.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.max(340, Math.min(520, root.getWidth() * 0.38)), root.widthProperty()));
        return root;
    }
}
