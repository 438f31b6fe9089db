package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What {@code server_status.status} says: the server can store and deliver, or it cannot for now. */
public enum ServerState implements WireEnum {
    OK, DEGRADED;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }

    @JsonCreator
    public static ServerState fromWire(String value) {
        return WireEnum.parse(ServerState.class, value);
    }
}
