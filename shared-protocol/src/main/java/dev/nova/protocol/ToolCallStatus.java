package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a tool call is in its life: waiting for a person, running, done, failed, or refused. */
public enum ToolCallStatus implements WireEnum {
    PENDING_APPROVAL, RUNNING, SUCCEEDED, FAILED, DENIED;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }

    /** Whether the call's life is over (succeeded, failed or denied). */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == DENIED;
    }

    @JsonCreator
    public static ToolCallStatus fromWire(String value) {
        return WireEnum.parse(ToolCallStatus.class, value);
    }
}
