package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A person's answer to a tool call waiting for approval: run it this time, run this tool from now on without asking, or do not run it. */
public enum ToolDecision implements WireEnum {
    ALLOW_ONCE, ALLOW_ALWAYS, DENY;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }

    @JsonCreator
    public static ToolDecision fromWire(String value) {
        return WireEnum.parse(ToolDecision.class, value);
    }
}
