package dev.nova.desktop.board;

import dev.nova.protocol.AgentState;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One agent in the agent panel: name, role, status chip, current task, and what it did last (a
 * short history, newest first), so a run that is over in a second still shows that it happened.
 */
public final class AgentItem {
    /** How many recent changes an agent keeps. */
    static final int HISTORY = 6;

    private final String id;
    private final StringProperty name = new SimpleStringProperty();
    private final StringProperty role = new SimpleStringProperty();
    private final ObjectProperty<AgentState> status = new SimpleObjectProperty<>();
    private final StringProperty task = new SimpleStringProperty();
    private final ObservableList<String> history = FXCollections.observableArrayList();
    private String lastAction;

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

    /** Recent state changes and actions, newest first: "12:01:04  completed · Look it up". */
    public ObservableList<String> history() {
        return history;
    }

    /**
     * What to show under the agent: its newest action ("completed · Look it up"), which says more
     * than the state it went back to; the newest state change until it did something; "" before.
     */
    public String last() {
        return lastAction != null ? lastAction : history.isEmpty() ? "" : history.get(0);
    }

    void acted(String entry) {
        lastAction = entry;
        remember(entry);
    }

    void remember(String entry) {
        history.add(0, entry);
        if (history.size() > HISTORY) {
            history.remove(HISTORY, history.size());
        }
    }
}
