package dev.nova.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {
    private final ProtocolCodec<ClientMessage, ServerMessage> server = ProtocolCodec.forServer();
    private final ProtocolCodec<ServerMessage, ClientMessage> client = ProtocolCodec.forClient();

    private ProtocolException refused(String frame) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> server.decode(frame));
        assertThat(e).as("refused: " + frame).isNotNull();
        return e;
    }

    @Test
    void decodesAGuideChatMessageIntoTypedRecords() {
        Envelope<ClientMessage> e = server.decode("""
                {"type": "chat_message", "timestamp": "2025-01-20T12:34:56.789Z", "client_id": "user-123",
                 "channel": "channel-123", "data": {"content": "Hello", "thread_id": "thread-123"}}""");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-01-20T12:34:56.789Z"));
        assertThat(e.clientId()).isEqualTo("user-123");
        assertThat(e.channel()).isEqualTo("channel-123");
        assertThat(e.data()).isEqualTo(new ClientMessage.ChatMessage("Hello", "thread-123", null));
        assertThat(e.type()).isEqualTo("chat_message");
    }

    @Test
    void clientFramesMayLeaveOutTimestampClientIdAndChannel() {
        Envelope<ClientMessage> e = server.decode("{\"type\":\"ping\",\"data\":{}}");
        assertThat(e.timestamp()).isNull();
        assertThat(e.clientId()).isNull();
        assertThat(e.channel()).isNull();
        assertThat(e.data()).isInstanceOf(ClientMessage.Ping.class);
    }

    @Test
    void aPythonIsoformatTimestampWithoutOffsetIsReadAsUtc() {
        Envelope<ClientMessage> e = server.decode(
                "{\"type\":\"ping\",\"timestamp\":\"2025-01-20T12:34:56.789123\",\"data\":{}}");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2025-01-20T12:34:56.789123Z"));
        Envelope<ClientMessage> offset = server.decode(
                "{\"type\":\"ping\",\"timestamp\":\"2025-01-20T14:34:56+02:00\",\"data\":{}}");
        assertThat(offset.timestamp()).isEqualTo(Instant.parse("2025-01-20T12:34:56Z"));
    }

    @Test
    void anImpossibleDateIsRefusedWithTheRule() {
        ProtocolException e = refused("{\"type\":\"ping\",\"timestamp\":\"2025-02-30T12:00:00Z\",\"data\":{}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).isEqualTo("timestamp: " + Timestamps.RULE);
    }

    @Test
    void errorsNameTheFieldAndTheRule() {
        assertThat(refused("{\"type\":\"subscribe\",\"data\":{\"channel\":\"my channel\"}}").getMessage())
                .isEqualTo("data.channel: must be a string of 1-128 [A-Za-z0-9_.:-]");
        assertThat(refused("{\"type\":\"chat_message\",\"data\":{\"content\":42}}").getMessage())
                .isEqualTo("data.content: must be a string");
        assertThat(refused("{\"type\":\"chat_message\",\"data\":{}}").getMessage())
                .isEqualTo("data.content: must be a non-empty string");
        assertThat(refused("{\"type\":\"subscribe\",\"data\":{\"channel\":\"a\",\"since\":{\"offset\":-1,\"epoch\":\"e\"}}}")
                .getMessage()).isEqualTo("data.since.offset: must be an integer >= 0");
        assertThat(refused("{\"type\":\"subscribe\",\"data\":{\"channel\":\"a\",\"since\":{\"offset\":\"3\",\"epoch\":\"e\"}}}")
                .getMessage()).isEqualTo("data.since.offset: must be an integer");
        assertThat(refused("{\"type\":\"task_update\",\"data\":{\"task_id\":\"t\",\"status\":\"done\"}}").getMessage())
                .isEqualTo("data.status: must be one of created, assigned, in_progress, completed, failed, cancelled");
        assertThat(refused("{\"type\":\"history\",\"data\":{\"limit\":2.5}}").getMessage())
                .isEqualTo("data.limit: must be an integer");
        assertThat(refused("{\"type\":\"llm_request\",\"data\":{\"content\":\"x\",\"template\":\"t\",\"metadata\":\"m\"}}")
                .getMessage()).isEqualTo("data.metadata: must be an object");
    }

    @Test
    void anUnknownTopLevelKeyIsAnErrorNotIgnored() {
        ProtocolException e = refused("{\"type\":\"ping\",\"data\":{},\"extra\":1}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).startsWith("'extra': unknown top-level key");
    }

    @Test
    void unknownKeysInsideDataAreIgnored() {
        Envelope<ClientMessage> e = server.decode(
                "{\"type\":\"chat_message\",\"data\":{\"content\":\"x\",\"workspace\":\"test\",\"deep\":{\"a\":[1]}}}");
        assertThat(e.data()).isEqualTo(new ClientMessage.ChatMessage("x", null, null));
    }

    @Test
    void anUnknownTypeListsTheKnownOnes() {
        ProtocolException e = refused("{\"type\":\"launch\",\"data\":{}}");
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e.getMessage()).contains("'launch'", "chat_message", "llm_request");
    }

    @Test
    void aRepeatedTopLevelKeyIsRefused() {
        ProtocolException e = refused("{\"type\":\"ping\",\"type\":\"auth\",\"data\":{}}");
        assertThat(e.getMessage()).isEqualTo("type: appears twice");
    }

    @Test
    void dataMayComeBeforeType() {
        Envelope<ClientMessage> e = server.decode("{\"data\":{\"api_key\":\"k\"},\"type\":\"auth\"}");
        assertThat(e.data()).isEqualTo(new ClientMessage.Auth("k"));
        assertThat(refused("{\"data\":{\"api_key\":7},\"type\":\"auth\"}").getMessage())
                .isEqualTo("data.api_key: must be a string");
    }

    @Test
    void malformedJsonWinsOverAnEarlierRuleBreak() {
        ProtocolException e = refused("{\"extra\":1,\"type\":\"ping\",\"data\":{");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON);
    }

    @Test
    void framesOverSixtyFourKibibytesAreTooLarge() {
        String content = "x".repeat(ProtocolCodec.MAX_FRAME_BYTES);
        ProtocolException e = refused("{\"type\":\"chat_message\",\"data\":{\"content\":\"" + content + "\"}}");
        assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void aClientReadsServerFramesLargerThanItMaySendUpToItsOwnLimit() {
        // A history page of long answers: 300 KB in one frame from the server.
        String answer = "y".repeat(300_000);
        Envelope<ServerMessage> page = new Envelope<>(Instant.parse("2025-01-20T12:34:56Z"), "nova", null,
                new ServerMessage.History("t", List.of(
                new ServerMessage.ChatMessage(answer, "t", "m-1", 1L, "assistant", "2026-01-01T00:00:00.000Z", null, null,
                        null, null, null, null, null, null, null)), false));
        ServerMessage.History read = (ServerMessage.History) client.decode(server.encode(page)).data();
        assertThat(read.messages().get(0).content()).hasSize(300_000);
        String huge = "{\"type\":\"pong\",\"timestamp\":\"2025-01-20T12:34:56.000Z\",\"client_id\":\"nova\",\"channel\":null,"
                + "\"data\":{\"x\":\"" + "z".repeat(ProtocolCodec.MAX_SERVER_FRAME_BYTES) + "\"}}";
        assertThat(catchThrowableOfType(ProtocolException.class, () -> client.decode(huge))
                .code()).isEqualTo(ErrorCode.TOO_LARGE);
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        // 30,000 three-byte characters: 90,000 bytes in fewer than 65,536 chars.
        String content = "\u4e16".repeat(30_000);
        assertThat(refused("{\"type\":\"chat_message\",\"data\":{\"content\":\"" + content + "\"}}").code())
                .isEqualTo(ErrorCode.TOO_LARGE);
        String fits = "\u4e16".repeat(20_000);
        assertThat(server.decode("{\"type\":\"chat_message\",\"data\":{\"content\":\"" + fits + "\"}}").data())
                .isEqualTo(new ClientMessage.ChatMessage(fits, null, null));
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String deep = "[".repeat(40) + "]".repeat(40);
        ProtocolException e = refused("{\"type\":\"llm_request\",\"data\":{\"content\":\"x\",\"template\":\"t\","
                + "\"metadata\":{\"a\":" + deep + "}}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.getMessage()).contains("nesting deeper than 32");
        String ok = "[".repeat(20) + "]".repeat(20);
        assertThat(server.decode("{\"type\":\"llm_request\",\"data\":{\"content\":\"x\",\"template\":\"t\","
                + "\"metadata\":{\"a\":" + ok + "}}}").type()).isEqualTo("llm_request");
    }

    @Test
    void hugeNumbersAreRefusedNotParsed() {
        ProtocolException e = refused("{\"type\":\"history\",\"data\":{\"before\":" + "9".repeat(200) + "}}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(refused("{\"type\":\"history\",\"data\":{\"before\":99999999999999999999}}").code())
                .isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void errorMessagesDoNotEchoControlCharactersOrLongInput() {
        ProtocolException e = refused("{\"type\":\"" + "\\u0007".repeat(3) + "x".repeat(500) + "\",\"data\":{}}");
        assertThat(e.getMessage()).doesNotContain("\u0007").hasSizeLessThan(600);
    }

    @Test
    void serverFramesCarryAllFiveKeysAlways() {
        String frame = server.encode(new Envelope<>(Instant.parse("2025-01-20T12:34:56Z"), "nova", null,
                new ServerMessage.Pong()));
        assertThat(frame).isEqualTo("{\"type\":\"pong\",\"timestamp\":\"2025-01-20T12:34:56.000Z\","
                + "\"client_id\":\"nova\",\"channel\":null,\"data\":{}}");
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> client.decode("{\"type\":\"pong\",\"timestamp\":\"2025-01-20T12:34:56.000Z\",\"client_id\":\"nova\",\"data\":{}}"));
        assertThat(e.getMessage()).startsWith("channel: required");
    }

    @Test
    void optionalFieldsThatAreAbsentAreLeftOutWhenEncoding() {
        String frame = server.encode(Envelope.of("u1", null, ServerMessage.LlmChunk.piece("r-1", "Hel")));
        assertThat(frame).contains("\"data\":{\"chunk\":\"Hel\",\"is_final\":false,\"request_id\":\"r-1\"}");
    }

    @Test
    void aServerFrameRoundTripsThroughTheClientCodec() {
        var msg = new ServerMessage.ChatMessage("**Done.**", "assistant:u1", "m-2", 13L, "assistant",
                "2025-01-20T12:34:56.789Z", true, "**Done.**", "gemma", FinishReason.STOP, new Stats(8L, 140L, 52.5));
        Envelope<ServerMessage> sent = new Envelope<>(Instant.parse("2025-01-20T12:34:56.789Z"), "u1", null, msg);
        assertThat(client.decode(server.encode(sent))).isEqualTo(sent);
    }

    @Test
    void aClientFrameRoundTripsThroughTheServerCodec() {
        var msg = new ClientMessage.LlmRequest("Explain", "explain_code", Map.of("lang", "java", "n", 3), "r-9", null);
        Envelope<ClientMessage> sent = new Envelope<>(Instant.parse("2025-01-20T12:34:56.789Z"), "u1", "llm", msg);
        assertThat(server.decode(client.encode(sent))).isEqualTo(sent);
    }

    @Test
    void theApiKeyNeverShowsInToString() {
        assertThat(new ClientMessage.Auth("sk-secret-value").toString()).doesNotContain("sk-secret-value");
    }

    @Test
    void anErrorMessageCanBeBuiltFromAProtocolException() {
        ProtocolException e = refused("{\"type\":\"nope\",\"data\":{}}");
        ServerMessage.Error error = ServerMessage.Error.of(e, null);
        assertThat(error.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(server.encode(Envelope.of("u1", null, error))).contains("\"code\":\"unknown_type\"");
    }
}
