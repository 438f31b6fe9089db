package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a streamed answer ended. */
public enum FinishReason implements WireEnum {
    STOP, LENGTH, CANCELLED, ERROR;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }

    @JsonCreator
    public static FinishReason fromWire(String value) {
        return WireEnum.parse(FinishReason.class, value);
    }
}
