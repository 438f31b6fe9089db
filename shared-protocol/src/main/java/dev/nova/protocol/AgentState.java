package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An agent's presence, as {@code agent_status.status} carries it. */
public enum AgentState implements WireEnum {
    IDLE, ACTIVE, BUSY, OFFLINE, ERROR;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }

    @JsonCreator
    public static AgentState fromWire(String value) {
        return WireEnum.parse(AgentState.class, value);
    }
}
