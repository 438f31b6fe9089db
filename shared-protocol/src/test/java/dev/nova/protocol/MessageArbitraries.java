package dev.nova.protocol;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random valid messages of every type, built from the records' components: names get
 * protocol-valid identifiers, free text gets any Unicode, optional fields are sometimes absent.
 * Combinations a record refuses are skipped, so only valid messages come out.
 */
final class MessageArbitraries {
    private static final Set<String> NAMES = Set.of("channel", "thread_id", "message_id", "request_id", "task_id",
            "agent_id", "session_id", "client_id", "sender", "epoch", "template", "task_type", "action", "ref_type",
            "api", "call_id", "server", "transport", "state", "name");
    private static final Set<String> TIMESTAMPS = Set.of("created_at", "updated_at", "last_at");

    private MessageArbitraries() {}

    static Arbitrary<String> names() {
        return Arbitraries.strings().withChars("abcXYZ019_.:-").withCharRange('a', 'z')
                .ofMinLength(1).ofMaxLength(Check.MAX_NAME_LENGTH);
    }

    /** Any text without unpaired surrogates, which no UTF-8 frame can carry. */
    static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\ufffd')
                .ofMinLength(0).ofMaxLength(60);
    }

    static Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, 253_402_300_799_999L).map(Instant::ofEpochMilli);
    }

    static <M extends Message> Arbitrary<Envelope<M>> envelopes(MessageTypes<M> types, boolean serverFrame) {
        List<Arbitrary<? extends M>> each = new ArrayList<>();
        types.all().values().forEach(t -> each.add(record(t)));
        Arbitrary<M> data = Arbitraries.oneOf(each);
        Arbitrary<String> clientId = serverFrame ? names() : names().injectNull(0.3);
        Arbitrary<Instant> timestamp = serverFrame ? instants() : instants().injectNull(0.3);
        return Combinators.combine(timestamp, clientId, names().injectNull(0.5), data).as(Envelope::new);
    }

    @SuppressWarnings("unchecked")
    static <R> Arbitrary<R> record(Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        if (components.length == 0) {
            return Arbitraries.just(construct(type, List.of()));
        }
        List<Arbitrary<Object>> parts = new ArrayList<>();
        for (RecordComponent c : components) {
            parts.add((Arbitrary<Object>) component(c).injectNull(0.15));
        }
        return Combinators.combine(parts).as(values -> construct(type, values)).ignoreException(ProtocolException.class);
    }

    private static Arbitrary<?> component(RecordComponent c) {
        String wire = c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class) != null
                ? c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class).value()
                : c.getName();
        Class<?> t = c.getType();
        if (t == String.class) {
            if (wire.equals("role")) {
                return Arbitraries.of("user", "assistant");
            }
            if (NAMES.contains(wire)) {
                return names();
            }
            return TIMESTAMPS.contains(wire) ? instants().map(Timestamps::format) : text();
        }
        if (t == Long.class) {
            return Arbitraries.longs().between(0, Long.MAX_VALUE);
        }
        if (t == Integer.class) {
            return Arbitraries.integers().between(1, 600);
        }
        if (t == Double.class) { // fractions (progress), small numbers (temperature) and large figures
            return Arbitraries.oneOf(Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 2),
                    Arbitraries.doubles().between(0, 1e9));
        }
        if (t == Boolean.class) {
            return Arbitraries.of(true, false);
        }
        if (t.isEnum()) {
            return Arbitraries.of(t.getEnumConstants());
        }
        if (t == Map.class) {
            return metadata();
        }
        if (t == List.class) {
            Class<?> item = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
            if (item == String.class) {
                return names().list().ofMinSize(1).ofMaxSize(3);
            }
            return record(item).list().ofMaxSize(3);
        }
        if (t.isRecord()) {
            return record(t);
        }
        throw new IllegalStateException("no arbitrary for " + c);
    }

    private static Arbitrary<Map<String, Object>> metadata() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(text(), Arbitraries.integers(), Arbitraries.of(true, false),
                Arbitraries.doubles().between(-1e6, 1e6), text().list().ofMaxSize(3));
        return Arbitraries.maps(text(), leaf).ofMaxSize(4);
    }

    private static <R> R construct(Class<R> type, List<Object> values) {
        try {
            Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(values.toArray());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ProtocolException pe) {
                throw pe;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
