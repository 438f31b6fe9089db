package dev.nova.desktop.board;

import dev.nova.protocol.TaskStatus;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One card on the task board. */
public final class TaskCard {
    private final String id;
    private final StringProperty title = new SimpleStringProperty();
    private final ObjectProperty<TaskStatus> status = new SimpleObjectProperty<>();
    private final StringProperty agent = new SimpleStringProperty();
    private final ObjectProperty<Long> elapsedMs = new SimpleObjectProperty<>();
    private final ObjectProperty<Long> tokens = new SimpleObjectProperty<>();
    private final StringProperty result = new SimpleStringProperty();
    private final StringProperty error = new SimpleStringProperty();

    TaskCard(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public StringProperty title() {
        return title;
    }

    public ObjectProperty<TaskStatus> status() {
        return status;
    }

    public StringProperty agent() {
        return agent;
    }

    public ObjectProperty<Long> elapsedMs() {
        return elapsedMs;
    }

    public ObjectProperty<Long> tokens() {
        return tokens;
    }

    public StringProperty result() {
        return result;
    }

    public StringProperty error() {
        return error;
    }
}
