package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a tool may run without asking: ask a person each time, allow it, or never run it. */
public enum ToolPolicy implements WireEnum {
    ASK, ALLOW, NEVER;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }

    @JsonCreator
    public static ToolPolicy fromWire(String value) {
        return WireEnum.parse(ToolPolicy.class, value);
    }
}
