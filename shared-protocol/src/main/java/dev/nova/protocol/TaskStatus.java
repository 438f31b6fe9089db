package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A task's place on the board. */
public enum TaskStatus implements WireEnum {
    CREATED, ASSIGNED, IN_PROGRESS, COMPLETED, FAILED, CANCELLED;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }

    @JsonCreator
    public static TaskStatus fromWire(String value) {
        return WireEnum.parse(TaskStatus.class, value);
    }

    /** Completed, failed and cancelled tasks never move again. */
    public boolean isClosed() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
