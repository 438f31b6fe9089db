package dev.nova.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum whose wire form is its lower-case constant name. */
interface WireEnum {
    String name();

    default String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("must be one of " + allowed(type));
    }

    static <E extends Enum<E> & WireEnum> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).collect(Collectors.joining(", "));
    }
}
