package dev.nova.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The shipped JSON Schema, loaded from the jar's resources as a third-party client would use it. */
final class ProtocolSchema {
    static final String RESOURCE = "/dev/nova/protocol/nova-protocol.schema.json";
    /** A plain mapper, as a schema-only client would parse frames: no Nova rules. */
    static final ObjectMapper PLAIN = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    final JsonNode root;
    final Schema clientFrame;
    final Schema serverFrame;

    ProtocolSchema() {
        String text = resource();
        try {
            root = PLAIN.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = root.get("$id").asText();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(Map.of(id, text)));
        clientFrame = registry.getSchema(SchemaLocation.of(id + "#/$defs/clientFrame"));
        serverFrame = registry.getSchema(SchemaLocation.of(id + "#/$defs/serverFrame"));
    }

    Schema frame(boolean fromClient) {
        return fromClient ? clientFrame : serverFrame;
    }

    /** Schema errors for a raw text frame; a frame that is not one JSON value is one error. */
    List<String> errors(boolean fromClient, String text) {
        JsonNode node;
        try {
            node = PLAIN.readTree(text);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return List.of("empty");
        }
        return frame(fromClient).validate(node).stream().map(Object::toString).toList();
    }

    private static String resource() {
        try (InputStream in = ProtocolSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
