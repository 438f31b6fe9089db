package dev.nova.desktop.board;

import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ServerMessage.AgentAction;
import dev.nova.protocol.ServerMessage.AgentStatus;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The agent panel, kept up to date from {@code agent_status} and {@code agent_action}: each
 * agent's state now and a short history of what it did, with the time, newest first.
 */
public final class AgentPanelViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final UiExecutor ui;
    private final Clock clock;
    private final ObservableList<AgentItem> agents = FXCollections.observableArrayList();
    private final Map<String, AgentItem> byId = new HashMap<>();

    public AgentPanelViewModel(UiExecutor ui) {
        this(ui, Clock.systemDefaultZone());
    }

    AgentPanelViewModel(UiExecutor ui, Clock clock) {
        this.ui = ui;
        this.clock = clock;
    }

    public ObservableList<AgentItem> agents() {
        return agents;
    }

    private final javafx.beans.property.ReadOnlyBooleanWrapper connected = new javafx.beans.property.ReadOnlyBooleanWrapper();

    /** Whether the statuses are live: while disconnected they are the last known, and the panel is greyed out. */
    public javafx.beans.property.ReadOnlyBooleanProperty connected() {
        return connected.getReadOnlyProperty();
    }

    /** Any thread: the connection came (true) or went (false). */
    public void connected(boolean now) {
        ui.execute(() -> connected.set(now));
    }

    /** Network thread: an agent's status. */
    public void received(AgentStatus s) {
        String at = now();
        ui.execute(() -> {
            AgentItem item = item(s.agentId());
            item.name().set(s.name() != null ? s.name() : s.agentId());
            item.role().set(s.role());
            if (item.status().get() != null && item.status().get() != s.status()) {
                item.remember(at + "  " + s.status().wire());
            }
            item.status().set(s.status());
            item.task().set(s.taskId());
        });
    }

    /** Network thread: something an agent did for this person (assigned, started, completed, failed, planned). */
    public void received(AgentAction a) {
        String at = now();
        ui.execute(() -> {
            AgentItem item = item(a.agentId());
            String detail = a.detail() == null || a.detail().isBlank() ? "" : " \u00b7 " + oneLine(a.detail());
            item.acted(at + "  " + a.action() + detail);
        });
    }

    private AgentItem item(String id) {
        AgentItem item = byId.get(id);
        if (item == null) {
            item = new AgentItem(id);
            item.name().set(id);
            byId.put(id, item);
            agents.add(item);
        }
        return item;
    }

    private String now() {
        return LocalTime.now(clock).format(TIME);
    }

    private static String oneLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
