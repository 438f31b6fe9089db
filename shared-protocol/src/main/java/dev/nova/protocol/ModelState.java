package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a model stands on its model server: loaded in memory, only downloaded, being loaded, or its load failed. */
public enum ModelState implements WireEnum {
    LOADED, NOT_LOADED, LOADING, FAILED;

    @JsonValue
    @Override
    public String wire() {
        return WireEnum.super.wire();
    }

    @JsonCreator
    public static ModelState fromWire(String value) {
        return WireEnum.parse(ModelState.class, value);
    }
}
