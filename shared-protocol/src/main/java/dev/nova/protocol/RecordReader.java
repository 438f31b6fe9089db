package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a message record straight off Jackson's streaming parser, by the record's own
 * {@code @JsonProperty} names, with no type coercion: a number is never read as a string, nor
 * {@code "1"} as a number. The record's constructor then checks the values.
 *
 * <p>Why not databind: a frame must decode in well under a microsecond (docs/BENCHMARKS.md), and
 * databind's per-call context and creator buffering cost about as much as the whole envelope.
 * Encoding still goes through databind.
 */
final class RecordReader<R> {
    private static final ClassValue<RecordReader<?>> CACHE = new ClassValue<>() {
        @Override
        protected RecordReader<?> computeValue(Class<?> type) {
            return new RecordReader<>(type);
        }
    };

    private final Map<String, Integer> index = new HashMap<>();
    private final String[] names;
    private final ValueReader[] readers;
    private final MethodHandle constructor;

    @FunctionalInterface
    private interface ValueReader {
        Object read(JsonParser p, JsonToken t) throws IOException;
    }

    private RecordReader(Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        readers = new ValueReader[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
            names[i] = property == null ? c.getName() : property.value();
            index.put(names[i], i);
            readers[i] = readerFor(c);
            types[i] = c.getType();
        }
        try {
            constructor = MethodHandles.lookup().unreflectConstructor(type.getDeclaredConstructor(types))
                    .asSpreader(Object[].class, components.length);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no canonical constructor in " + type, e);
        }
    }

    @SuppressWarnings("unchecked")
    static <R> RecordReader<R> of(Class<R> type) {
        return (RecordReader<R>) CACHE.get(type);
    }

    /** Reads the object the parser stands on (its START_OBJECT is the current token). */
    @SuppressWarnings("unchecked")
    R read(JsonParser p) throws IOException {
        Object[] values = new Object[names.length];
        String key;
        while ((key = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            Integer i = index.get(key);
            if (i == null) {
                p.skipChildren(); // unknown keys inside data are ignored
                continue;
            }
            try {
                values[i] = readers[i].read(p, t);
            } catch (ProtocolException e) {
                throw e.under(names[i]);
            } catch (InputCoercionException e) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, names[i], "number out of range");
            }
        }
        try {
            return (R) constructor.invoke(values);
        } catch (ProtocolException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot build " + Arrays.toString(names), e);
        }
    }

    private static ValueReader readerFor(RecordComponent c) {
        Class<?> t = c.getType();
        if (t == String.class) {
            return (p, tok) -> tok == JsonToken.VALUE_STRING ? p.getText() : nullOr(p, tok, "must be a string");
        }
        if (t == Long.class) {
            return (p, tok) -> tok == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : nullOr(p, tok, "must be an integer");
        }
        if (t == Integer.class) {
            return (p, tok) -> tok == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : nullOr(p, tok, "must be an integer");
        }
        if (t == Double.class) {
            return (p, tok) -> tok == JsonToken.VALUE_NUMBER_INT || tok == JsonToken.VALUE_NUMBER_FLOAT
                    ? p.getDoubleValue() : nullOr(p, tok, "must be a number");
        }
        if (t == Boolean.class) {
            return (p, tok) -> tok == JsonToken.VALUE_TRUE || tok == JsonToken.VALUE_FALSE
                    ? tok == JsonToken.VALUE_TRUE : nullOr(p, tok, "must be a boolean");
        }
        if (t.isEnum()) {
            return enumReader(t);
        }
        if (t == Map.class) {
            return (p, tok) -> tok == JsonToken.START_OBJECT ? Json.MAPPER.readValue(p, Map.class)
                    : nullOr(p, tok, "must be an object");
        }
        if (t == List.class) {
            Class<?> item = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
            if (item == String.class) {
                return (p, tok) -> tok == JsonToken.START_ARRAY ? readStrings(p) : nullOr(p, tok, "must be an array");
            }
            return (p, tok) -> tok == JsonToken.START_ARRAY ? readList(p, of(item)) : nullOr(p, tok, "must be an array");
        }
        if (t.isRecord()) {
            return (p, tok) -> tok == JsonToken.START_OBJECT ? of(t).read(p) : nullOr(p, tok, "must be an object");
        }
        throw new IllegalStateException("no reader for " + c);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ValueReader enumReader(Class<?> type) {
        Map<String, Object> byWire = new HashMap<>();
        for (Object constant : type.getEnumConstants()) {
            byWire.put(((WireEnum) constant).wire(), constant);
        }
        String rule = "must be one of " + WireEnum.allowed((Class) type);
        return (p, tok) -> {
            Object value = tok == JsonToken.VALUE_STRING ? byWire.get(p.getText()) : nullOr(p, tok, rule);
            if (value == null && tok != JsonToken.VALUE_NULL) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, rule);
            }
            return value;
        };
    }

    private static List<Object> readStrings(JsonParser p) throws IOException {
        List<Object> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                p.skipChildren();
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "must be a string").under("[" + out.size() + "]");
            }
            out.add(p.getText());
        }
        return out;
    }

    private static List<Object> readList(JsonParser p, RecordReader<?> item) throws IOException {
        List<Object> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            try {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "must be an object");
                }
                out.add(item.read(p));
            } catch (ProtocolException e) {
                throw e.under("[" + out.size() + "]");
            }
        }
        return out;
    }

    /** JSON null reads as an absent field; any other token is the wrong type. */
    private static Object nullOr(JsonParser p, JsonToken t, String rule) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        p.skipChildren();
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, rule);
    }
}
