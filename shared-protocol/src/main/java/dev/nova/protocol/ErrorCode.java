package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code error.code} values of protocol version 1. */
public enum ErrorCode implements WireEnum {
    INVALID_JSON,
    INVALID_MESSAGE,
    UNKNOWN_TYPE,
    NOT_AUTHENTICATED,
    FORBIDDEN,
    INVALID_CHANNEL,
    NOT_SUBSCRIBED,
    RATE_LIMITED,
    /** A limit of the server other than the message rate: subscriptions, connections. */
    LIMIT_EXCEEDED,
    TOO_LARGE,
    LLM_UNAVAILABLE,
    LLM_ERROR,
    INVALID_TRANSITION,
    NOT_FOUND,
    INTERNAL;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }

    @JsonCreator
    public static ErrorCode fromWire(String value) {
        return WireEnum.parse(ErrorCode.class, value);
    }
}
