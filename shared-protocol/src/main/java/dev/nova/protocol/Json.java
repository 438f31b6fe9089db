package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;

/**
 * The one Jackson configuration of the protocol: no default typing, limits on nesting, string
 * and number sizes for everything parsed, and {@code null} optional fields left out when writing.
 * Message records are read by {@link RecordReader}; this mapper writes them and reads the
 * free-form {@code metadata} objects.
 */
final class Json {
    static final ObjectMapper MAPPER = create();

    private Json() {}

    private static ObjectMapper create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(ProtocolCodec.MAX_DEPTH)
                        // the frame's size is checked first, per direction; no string is longer than its frame
                        .maxStringLength(ProtocolCodec.MAX_SERVER_FRAME_BYTES)
                        .maxNumberLength(64)
                        .maxNameLength(ProtocolCodec.MAX_FRAME_BYTES)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addModule(new SimpleModule("nova-envelope").addSerializer(new EnvelopeSerializer()))
                .build();
    }

    /** Writes all five envelope keys, in the documented order, with the server's timestamp form. */
    private static final class EnvelopeSerializer extends StdSerializer<Envelope<?>> {
        private static final long serialVersionUID = 1L;

        @SuppressWarnings({"unchecked", "rawtypes"})
        EnvelopeSerializer() {
            super((Class) Envelope.class);
        }

        @Override
        public void serialize(Envelope<?> e, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            g.writeStringField("type", e.type());
            g.writeStringField("timestamp", Timestamps.format(e.timestamp() == null ? Instant.now() : e.timestamp()));
            g.writeFieldName("client_id");
            if (e.clientId() == null) {
                g.writeNull();
            } else {
                g.writeString(e.clientId());
            }
            g.writeFieldName("channel");
            if (e.channel() == null) {
                g.writeNull();
            } else {
                g.writeString(e.channel());
            }
            g.writeFieldName("data");
            provider.findValueSerializer(e.data().getClass()).serialize(e.data(), g, provider);
            g.writeEndObject();
        }
    }
}
