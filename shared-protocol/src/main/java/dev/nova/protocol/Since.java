package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a re-subscribing client left off: the last offset it saw in the channel's epoch. */
public record Since(@JsonProperty("offset") Long offset, @JsonProperty("epoch") String epoch) {
    public Since {
        Check.atLeast("offset", offset, 0);
        Check.name("epoch", epoch);
    }
}
