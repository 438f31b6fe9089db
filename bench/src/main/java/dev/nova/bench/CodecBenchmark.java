package dev.nova.bench;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import dev.nova.protocol.ServerMessage;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode (parse + validate) and encode of the two hottest frames: a ~200-byte client
 * {@code chat_message} and a ~60-byte {@code llm_chunk} data payload. One thread: the figures
 * are per core.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
@State(Scope.Benchmark)
public class CodecBenchmark {
    /** 200 bytes: a chat message to a channel with a thread and an idempotency key. */
    static final String CHAT_FRAME = "{\"type\":\"chat_message\",\"timestamp\":\"2025-01-20T12:34:56.789Z\","
            + "\"client_id\":\"user-123\",\"channel\":\"team.general\",\"data\":{\"content\":"
            + "\"Can you summarise the design doc?\",\"thread_id\":\"thread-42\",\"message_id\":\"m-7f3a9c\"}}";
    /** An llm_chunk whose data object is ~60 bytes. */
    static final String CHUNK_FRAME = "{\"type\":\"llm_chunk\",\"timestamp\":\"2025-01-20T12:34:56.789Z\","
            + "\"client_id\":\"user-123\",\"channel\":null,\"data\":{\"chunk\":\" there\",\"is_final\":false,"
            + "\"request_id\":\"r-1a2b3c\"}}";

    private final ProtocolCodec<ClientMessage, ServerMessage> server = ProtocolCodec.forServer();
    private final ProtocolCodec<ServerMessage, ClientMessage> client = ProtocolCodec.forClient();
    private final Envelope<ServerMessage.LlmChunk> chunk = new Envelope<>(Instant.parse("2025-01-20T12:34:56.789Z"),
            "user-123", null, ServerMessage.LlmChunk.piece("r-1a2b3c", " there"));
    private final Envelope<ServerMessage.ChatMessage> chat = new Envelope<>(Instant.parse("2025-01-20T12:34:56.789Z"),
            "user-123", "team.general", ServerMessage.ChatMessage.of("Can you summarise the design doc?",
                    "thread-42", "m-7f3a9c", 1042, "user-123", null));

    @Benchmark
    public Envelope<ClientMessage> decodeChatMessage() {
        return server.decode(CHAT_FRAME);
    }

    @Benchmark
    public Envelope<ServerMessage> decodeLlmChunk() {
        return client.decode(CHUNK_FRAME);
    }

    @Benchmark
    public String encodeChatMessage() {
        return server.encode(chat);
    }

    @Benchmark
    public String encodeLlmChunk() {
        return server.encode(chunk);
    }
}
