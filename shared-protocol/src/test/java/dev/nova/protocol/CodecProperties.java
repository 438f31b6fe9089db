package dev.nova.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CodecProperties {
    private static final ProtocolCodec<ClientMessage, ServerMessage> SERVER = ProtocolCodec.forServer();
    private static final ProtocolCodec<ServerMessage, ClientMessage> CLIENT = ProtocolCodec.forClient();
    private static final ProtocolSchema SCHEMA = new ProtocolSchema();

    @Property(tries = 2000)
    void serverFramesRoundTripExactlyAndSatisfyTheSchema(@ForAll("serverFrames") Envelope<ServerMessage> sent) {
        String text = SERVER.encode(sent);
        assertThat(CLIENT.decode(text)).isEqualTo(sent);
        assertThat(SCHEMA.errors(false, text)).as(text).isEmpty();
    }

    @Property(tries = 2000)
    void clientFramesRoundTripExactlyAndSatisfyTheSchema(@ForAll("clientFrames") Envelope<ClientMessage> sent) {
        String text = CLIENT.encode(sent);
        Envelope<ClientMessage> received = SERVER.decode(text);
        // A client frame without a timestamp is stamped when encoded.
        assertThat(received.withTimestamp(null)).isEqualTo(sent.withTimestamp(null));
        if (sent.timestamp() != null) {
            assertThat(received.timestamp()).isEqualTo(sent.timestamp());
        }
        assertThat(SCHEMA.errors(true, text)).as(text).isEmpty();
    }

    @Property(tries = 3000)
    void anyStringIsDecodedOrRefusedWithTheCodecsOwnException(@ForAll("garbage") String frame) {
        decodeOrRefuse(frame);
    }

    @Property(tries = 5000)
    void mutatedValidFramesAreDecodedOrRefusedWithTheCodecsOwnException(@ForAll("mutatedFrames") String frame) {
        decodeOrRefuse(frame);
    }

    private static void decodeOrRefuse(String frame) {
        for (ProtocolCodec<?, ?> codec : List.of(SERVER, CLIENT)) {
            try {
                assertThat(codec.decode(frame)).isNotNull();
            } catch (ProtocolException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\tat ");
            }
        }
    }

    @Provide
    Arbitrary<Envelope<ServerMessage>> serverFrames() {
        return MessageArbitraries.envelopes(MessageTypes.SERVER, true);
    }

    @Provide
    Arbitrary<Envelope<ClientMessage>> clientFrames() {
        return MessageArbitraries.envelopes(MessageTypes.CLIENT, false);
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-tfnul \\").ofMaxLength(200);
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), jsonish);
    }

    @Provide
    Arbitrary<String> mutatedFrames() throws IOException {
        List<String> seeds = new ArrayList<>();
        GoldenVectorsTest.vectors().forEach(v -> seeds.add(v.text()));
        Arbitrary<String> seed = Arbitraries.of(seeds);
        Arbitrary<String> insert = Arbitraries.strings().withChars("{}[]\":,0-9.eE+-\\u\u0000\ud800x ").ofMinLength(1).ofMaxLength(4);
        return Combinators.combine(seed, Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 8), insert, Arbitraries.integers().between(0, 3))
                .as((s, at, len, text, op) -> mutate(s, at, len, text, op));
    }

    private static String mutate(String s, int at, int len, String text, int op) {
        int from = s.isEmpty() ? 0 : at % s.length();
        int to = Math.min(s.length(), from + len);
        return switch (op) {
            case 0 -> s.substring(0, from) + s.substring(to);                 // delete
            case 1 -> s.substring(0, from) + text + s.substring(from);        // insert
            case 2 -> s.substring(0, from) + text + s.substring(to);          // replace
            default -> s.substring(0, to) + s.substring(from);                // duplicate a slice
        };
    }
}
