package dev.nova.desktop.board;

import dev.nova.protocol.AgentState;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One agent in the agent panel: name, role, status chip, current task. */
public final class AgentItem {
    private final String id;
    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty role = new SimpleStringProperty();
    private final ObjectProperty<AgentState> status = new SimpleObjectProperty<>();
    private final StringProperty task = new SimpleStringProperty();

    AgentItem(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public StringProperty name() {
        return name;
    }

    public StringProperty role() {
        return role;
    }

    public ObjectProperty<AgentState> status() {
        return status;
    }

    public StringProperty task() {
        return task;
    }
}
