package dev.nova.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden vector runs through the Java codec and through the shipped JSON Schema, and the
 * two must agree: valid vectors pass both, invalid ones fail both, with the expected error code
 * from the codec.
 */
class GoldenVectorsTest {
    private static final Path VECTORS = Path.of("src/test/resources/vectors");
    private static final Path ASYNCAPI = Path.of("../docs/protocol/asyncapi.yaml");
    private static final ProtocolSchema SCHEMA = new ProtocolSchema();

    record Vector(String direction, String file, String name, boolean valid, String error, String text) {
        boolean fromClient() {
            return direction.equals("client");
        }

        ProtocolCodec<?, ?> codec() {
            return fromClient() ? ProtocolCodec.forServer() : ProtocolCodec.forClient();
        }
    }

    @TestFactory
    Stream<DynamicTest> codecAndSchemaAgreeOnEveryVector() throws IOException {
        return vectors().stream().map(v -> DynamicTest.dynamicTest(
                v.direction + "/" + v.file + ": " + v.name, () -> check(v)));
    }

    private static void check(Vector v) {
        List<String> schemaErrors = SCHEMA.errors(v.fromClient(), v.text);
        if (v.valid) {
            assertThat(schemaErrors).as("schema errors for %s", v.text).isEmpty();
            Envelope<?> decoded = v.codec().decode(v.text);
            assertThat(decoded.type()).isEqualTo(ProtocolSchema.PLAIN.valueToTree(parse(v.text)).get("type").asText());
            // what the records write again is the vector's data (nulls left out) and passes the schema:
            // no helper method of a record leaks onto the wire as a field
            String again = reencode(v.fromClient(), decoded);
            assertThat(SCHEMA.errors(v.fromClient(), again)).as("schema errors for the re-encoded %s", again).isEmpty();
            // (fields the codec ignores, such as an unknown one, are not written again)
            var written = withoutNulls(ProtocolSchema.PLAIN.valueToTree(parse(again)).get("data"));
            var given = withoutNulls(ProtocolSchema.PLAIN.valueToTree(parse(v.text)).get("data"));
            written.fields().forEachRemaining(f -> assertThat(f.getValue())
                    .as("re-encoded field %s of %s", f.getKey(), v.text).isEqualTo(given.get(f.getKey())));
        } else {
            assertThat(schemaErrors).as("the schema should refuse %s", v.text).isNotEmpty();
            ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> v.codec().decode(v.text));
            assertThat(e).as("the codec should refuse %s", v.text).isNotNull();
            assertThat(e.code().wire()).as(e.getMessage()).isEqualTo(v.error);
            assertThat(e.getMessage()).doesNotContain("Exception", "\tat ");
        }
    }

    @SuppressWarnings("unchecked")
    private static String reencode(boolean fromClient, Envelope<?> decoded) {
        return fromClient ? ProtocolCodec.forClient().encode((Envelope<ClientMessage>) decoded)
                : ProtocolCodec.forServer().encode((Envelope<ServerMessage>) decoded);
    }

    /** The tree with every null member taken out (absent and null mean the same on the wire). */
    private static com.fasterxml.jackson.databind.JsonNode withoutNulls(com.fasterxml.jackson.databind.JsonNode n) {
        if (n.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = ProtocolSchema.PLAIN.createObjectNode();
            n.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    o.set(f.getKey(), withoutNulls(f.getValue()));
                }
            });
            return o;
        }
        if (n.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = ProtocolSchema.PLAIN.createArrayNode();
            n.forEach(x -> a.add(withoutNulls(x)));
            return a;
        }
        return n;
    }

    @Test
    void everyMessageTypeHasValidAndInvalidVectors() throws IOException {
        List<Vector> all = vectors();
        for (var entry : List.of(List.of("client", MessageTypes.CLIENT), List.of("server", MessageTypes.SERVER))) {
            String direction = (String) entry.get(0);
            MessageTypes<?> types = (MessageTypes<?>) entry.get(1);
            for (String type : types.all().keySet()) {
                assertThat(all).as("valid %s vectors for %s", direction, type)
                        .anyMatch(v -> v.direction.equals(direction) && v.file.equals(type) && v.valid);
                assertThat(all).as("invalid %s vectors for %s", direction, type)
                        .anyMatch(v -> v.direction.equals(direction) && v.file.equals(type) && !v.valid);
            }
        }
    }

    @Test
    void everyVectorFileNamesAMessageTypeOfItsDirection() throws IOException {
        for (Vector v : vectors()) {
            MessageTypes<?> types = v.fromClient() ? MessageTypes.CLIENT : MessageTypes.SERVER;
            if (!v.file.equals("_envelope")) {
                assertThat(types.all()).as(v.direction + "/" + v.file).containsKey(v.file);
            }
        }
    }

    @Test
    void everyMessageTypeIsInTheSchema() {
        JsonNode defs = SCHEMA.root.get("$defs");
        Set<String> clientEnum = enumOf(defs.at("/clientFrame/properties/type/enum"));
        Set<String> serverEnum = enumOf(defs.at("/serverFrame/properties/type/enum"));
        assertThat(clientEnum).isEqualTo(MessageTypes.CLIENT.all().keySet());
        assertThat(serverEnum).isEqualTo(MessageTypes.SERVER.all().keySet());
        MessageTypes.CLIENT.all().keySet().forEach(t -> assertThat(defs.has("client." + t)).as("client." + t).isTrue());
        MessageTypes.SERVER.all().keySet().forEach(t -> assertThat(defs.has("server." + t)).as("server." + t).isTrue());
    }

    @Test
    void schemaEnumsAndPatternsAreTheCodecs() {
        JsonNode defs = SCHEMA.root.get("$defs");
        assertThat(defs.at("/timestamp/pattern").asText()).isEqualTo(Timestamps.PATTERN);
        assertThat(defs.at("/name/pattern").asText()).isEqualTo("^[A-Za-z0-9_.:-]{1,128}$");
        assertThat(enumOf(defs.at("/taskStatus/enum"))).isEqualTo(wires(TaskStatus.values()));
        assertThat(enumOf(defs.at("/agentState/enum"))).isEqualTo(wires(AgentState.values()));
        assertThat(enumOf(defs.at("/finishReason/enum"))).isEqualTo(wires(FinishReason.values()));
        assertThat(enumOf(defs.at("/errorCode/enum"))).isEqualTo(wires(ErrorCode.values()));
    }

    @Test
    void everyMessageTypeIsInTheAsyncApiDocument() throws IOException {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(ASYNCAPI.toFile());
        assertThat(doc.get("asyncapi").asText()).startsWith("3.");
        JsonNode messages = doc.at("/components/messages");
        Set<String> clientNames = new HashSet<>();
        Set<String> serverNames = new HashSet<>();
        messages.fields().forEachRemaining(m -> {
            String name = m.getValue().get("name").asText();
            String frameRef = m.getValue().at("/payload/schema/allOf/0/$ref").asText();
            String dataRef = m.getValue().at("/payload/schema/allOf/1/properties/data/$ref").asText();
            boolean client = frameRef.endsWith("#/$defs/clientFrame");
            (client ? clientNames : serverNames).add(name);
            String def = dataRef.substring(dataRef.indexOf("#/$defs/") + "#/$defs/".length());
            assertThat(def).isEqualTo((client ? "client." : "server.") + name);
            assertThat(SCHEMA.root.get("$defs").has(def)).as(dataRef + " resolves").isTrue();
        });
        assertThat(clientNames).isEqualTo(MessageTypes.CLIENT.all().keySet());
        assertThat(serverNames).isEqualTo(MessageTypes.SERVER.all().keySet());
        List<String> sent = new ArrayList<>();
        doc.at("/operations/sendToServer/messages").forEach(r -> sent.add(r.get("$ref").asText()));
        assertThat(sent).hasSize(MessageTypes.CLIENT.all().size());
    }

    private static Set<String> enumOf(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> wires(WireEnum[] values) {
        Set<String> out = new HashSet<>();
        for (WireEnum v : values) {
            out.add(v.wire());
        }
        return out;
    }

    private static Object parse(String text) {
        try {
            return ProtocolSchema.PLAIN.readValue(text, Object.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<Vector> vectors() throws IOException {
        List<Vector> out = new ArrayList<>();
        for (String direction : List.of("client", "server")) {
            try (Stream<Path> files = Files.list(VECTORS.resolve(direction))) {
                for (Path f : files.sorted().toList()) {
                    String file = f.getFileName().toString().replace(".json", "");
                    JsonNode doc = ProtocolSchema.PLAIN.readTree(f.toFile());
                    for (JsonNode v : doc.get("valid")) {
                        out.add(new Vector(direction, file, v.get("name").asText(), true, null,
                                ProtocolSchema.PLAIN.writeValueAsString(v.get("frame"))));
                    }
                    for (JsonNode v : doc.get("invalid")) {
                        String text = v.has("text") ? v.get("text").asText()
                                : ProtocolSchema.PLAIN.writeValueAsString(v.get("frame"));
                        out.add(new Vector(direction, file, v.get("name").asText(), false, v.get("error").asText(), text));
                    }
                }
            }
        }
        return out;
    }
}
