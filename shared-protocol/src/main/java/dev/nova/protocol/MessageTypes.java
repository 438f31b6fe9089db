package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of wire type names for one direction, read from the family's explicit
 * {@code @JsonSubTypes} list and each record's {@code @JsonTypeName}. Nothing is discovered at
 * run time from the input: an unknown name is an {@link ErrorCode#UNKNOWN_TYPE}.
 */
public final class MessageTypes<M extends Message> {
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            JsonTypeName name = type.getAnnotation(JsonTypeName.class);
            if (name == null) {
                throw new IllegalStateException(type.getName() + " has no @JsonTypeName");
            }
            return name.value();
        }
    };

    // Declared after NAMES: building them reads it.
    public static final MessageTypes<ClientMessage> CLIENT = new MessageTypes<>(ClientMessage.class);
    public static final MessageTypes<ServerMessage> SERVER = new MessageTypes<>(ServerMessage.class);

    private final Class<M> family;
    private final Map<String, Class<? extends M>> byName;

    private MessageTypes(Class<M> family) {
        this.family = family;
        JsonSubTypes subtypes = family.getAnnotation(JsonSubTypes.class);
        Map<String, Class<? extends M>> map = new LinkedHashMap<>();
        for (JsonSubTypes.Type t : subtypes.value()) {
            Class<? extends M> type = t.value().asSubclass(family);
            if (map.put(nameOf(type), type) != null) {
                throw new IllegalStateException("duplicate type name " + nameOf(type));
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** The wire name of a message record, e.g. {@code chat_message}. */
    public static String nameOf(Class<?> messageType) {
        return NAMES.get(messageType);
    }

    public Class<M> family() {
        return family;
    }

    /** The record for a wire name, or {@code null} when this direction has no such type. */
    public Class<? extends M> classOf(String typeName) {
        return byName.get(typeName);
    }

    /** Every wire name of this direction, in declaration order. */
    public Map<String, Class<? extends M>> all() {
        return byName;
    }
}
