package dev.nova.desktop.board;

import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ServerMessage.AgentStatus;
import java.util.HashMap;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The agent panel, kept up to date from {@code agent_status}. */
public final class AgentPanelViewModel {
    private final UiExecutor ui;
    private final ObservableList<AgentItem> agents = FXCollections.observableArrayList();
    private final Map<String, AgentItem> byId = new HashMap<>();

    public AgentPanelViewModel(UiExecutor ui) {
        this.ui = ui;
    }

    public ObservableList<AgentItem> agents() {
        return agents;
    }

    /** Network thread: an agent's status. */
    public void received(AgentStatus s) {
        ui.execute(() -> {
            AgentItem item = byId.get(s.agentId());
            if (item == null) {
                item = new AgentItem(s.agentId());
                byId.put(s.agentId(), item);
                agents.add(item);
            }
            item.name().set(s.name() != null ? s.name() : s.agentId());
            item.role().set(s.role());
            item.status().set(s.status());
            item.task().set(s.taskId());
        });
    }
}
