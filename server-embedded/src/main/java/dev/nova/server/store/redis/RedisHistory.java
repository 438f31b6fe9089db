package dev.nova.server.store.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.Timestamps;
import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.StoreException;
import io.lettuce.core.Range;
import io.lettuce.core.Limit;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Chat history in Redis: per stream a Redis Stream whose entry ids are the offsets
 * ({@code <offset>-0}) and a hash {@code {epoch, top}}. Appending is one Lua script (next offset,
 * XADD with MAXLEN, the idempotency key, PUBLISH for {@link RedisBus}), so nodes never see
 * offsets out of order. A Redis that lost its data has no hash: the next use starts a new epoch,
 * and clients are told {@code recovered: false} instead of getting a silent gap.
 */
final class RedisHistory implements HistoryStore {
    static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** How long a (sender, client_message_id) pair is remembered for idempotent retries. */
    static final long CLIENT_ID_TTL_S = 24 * 3600;
    private static final int SCAN_BATCH = 200;
    private static final String SCRIPT = load("append.lua");

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final long maxLen;
    /** PUBLISH, or SPUBLISH on Redis Cluster (sharded pub/sub, in the stream's own slot). */
    private final String publish;
    private volatile String sha;

    RedisHistory(RedisClusterCommands<String, String> redis, RedisKeys keys, long maxLen, boolean sharded) {
        this.redis = redis;
        this.keys = keys;
        this.maxLen = maxLen;
        this.publish = sharded ? "SPUBLISH" : "PUBLISH";
    }

    @Override
    public StreamHead head(String stream) {
        return call("read the head of " + stream, () -> {
            String meta = keys.meta(stream);
            List<io.lettuce.core.KeyValue<String, String>> v = redis.hmget(meta, "epoch", "top");
            if (!v.get(0).hasValue() || !v.get(1).hasValue()) { // a new stream (or a wiped Redis): a new epoch
                redis.hsetnx(meta, "epoch", newEpoch());
                redis.hsetnx(meta, "top", "0");
                v = redis.hmget(meta, "epoch", "top");
            }
            return new StreamHead(v.get(0).getValue(), Long.parseLong(v.get(1).getValue()));
        });
    }

    @Override
    public Appended append(String stream, NewMessage m) {
        return append(stream, m, "");
    }

    /** {@link #append}, also publishing the stored message on {@code busChannel} in the same script. */
    Appended append(String stream, NewMessage m, String busChannel) {
        String messageId = "m-" + UUID.randomUUID();
        ChatMessage draft = RedisMessages.message(m, messageId, 0);
        boolean idempotent = m.clientMessageId() != null;
        String[] k = {keys.log(stream), keys.meta(stream),
                idempotent ? keys.clientId(stream, m.sender(), m.clientMessageId()) : keys.meta(stream)};
        String[] argv = {newEpoch(), write(draft), Long.toString(maxLen), busChannel, idempotent ? "1" : "0",
                Long.toString(CLIENT_ID_TTL_S), publish};
        List<Object> r = call("append to " + stream, () -> eval(k, argv));
        long offset = Long.parseLong(text(r.get(2)));
        if ("dup".equals(text(r.get(0)))) {
            String original = r.size() > 3 ? text(r.get(3)) : "";
            ChatMessage o = original.isEmpty() ? RedisMessages.message(m, messageId, offset) : read(original, offset);
            return new Appended(o, true);
        }
        if (!stream.startsWith("@") && (offset == 1 || offset % 64 == 0)) {
            call("list " + stream, () -> redis.sadd(keys.channels(), stream)); // idempotent: again now and then
        }
        return new Appended(draft.withOffset(offset), false);
    }

    private List<Object> eval(String[] k, String[] argv) {
        String s = sha;
        if (s == null) {
            s = sha = redis.scriptLoad(SCRIPT);
        }
        try {
            return redis.evalsha(s, ScriptOutputType.MULTI, k, argv);
        } catch (io.lettuce.core.RedisNoScriptException e) {
            sha = redis.scriptLoad(SCRIPT); // Redis restarted and forgot it
            return redis.evalsha(sha, ScriptOutputType.MULTI, k, argv);
        }
    }

    @Override
    public Optional<ChatMessage> find(String stream, String messageId) {
        return call("find " + messageId + " in " + stream, () -> {
            String upper = "+";
            while (true) {
                List<StreamMessage<String, String>> batch = redis.xrevrange(keys.log(stream),
                        Range.create("-", upper), Limit.from(SCAN_BATCH));
                for (StreamMessage<String, String> e : batch) {
                    ChatMessage m = read(e);
                    if (m.messageId().equals(messageId)) {
                        return Optional.of(m);
                    }
                }
                if (batch.size() < SCAN_BATCH) {
                    return Optional.empty();
                }
                upper = "(" + batch.get(batch.size() - 1).getId();
            }
        });
    }

    @Override
    public List<ChatMessage> after(String stream, long after, int max) {
        return call("read " + stream, () -> {
            List<StreamMessage<String, String>> batch = redis.xrange(keys.log(stream),
                    Range.create("(" + after + "-0", "+"), Limit.from(max));
            List<ChatMessage> out = new ArrayList<>(batch.size());
            batch.forEach(e -> out.add(read(e)));
            return out;
        });
    }

    @Override
    public Page before(String stream, String threadId, Long before, int limit) {
        return call("page " + stream, () -> {
            List<ChatMessage> newestFirst = new ArrayList<>();
            String upper = before == null ? "+" : "(" + before + "-0";
            while (newestFirst.size() <= limit) {
                List<StreamMessage<String, String>> batch = redis.xrevrange(keys.log(stream),
                        Range.create("-", upper), Limit.from(SCAN_BATCH));
                for (StreamMessage<String, String> e : batch) {
                    ChatMessage m = read(e);
                    if (threadId == null || threadId.equals(m.threadId())) {
                        newestFirst.add(m);
                        if (newestFirst.size() > limit) {
                            break;
                        }
                    }
                }
                if (batch.size() < SCAN_BATCH) {
                    break;
                }
                upper = "(" + batch.get(batch.size() - 1).getId();
            }
            boolean more = newestFirst.size() > limit;
            List<ChatMessage> page = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
            Collections.reverse(page);
            return new Page(page, more);
        });
    }

    @Override
    public long oldest(String stream) {
        return call("read " + stream, () -> {
            List<StreamMessage<String, String>> first = redis.xrange(keys.log(stream), Range.create("-", "+"),
                    Limit.from(1));
            return first.isEmpty() ? head(stream).offset() + 1 : offsetOf(first.get(0).getId());
        });
    }

    @Override
    public int trim(String stream, int keep, Instant cutoff) {
        return call("trim " + stream, () -> {
            long minId = Math.max(1, head(stream).offset() - keep + 1);
            // Offsets grow with time: past the first message at or after the cutoff, none is older.
            boolean older = true;
            while (older) {
                List<StreamMessage<String, String>> batch = redis.xrange(keys.log(stream),
                        Range.create(minId + "-0", "+"), Limit.from(SCAN_BATCH));
                for (StreamMessage<String, String> e : batch) {
                    if (!Timestamps.parse("created_at", read(e).createdAt()).isBefore(cutoff)) {
                        older = false;
                        break;
                    }
                    minId = offsetOf(e.getId()) + 1;
                }
                older &= batch.size() == SCAN_BATCH;
            }
            return (int) (long) redis.xtrim(keys.log(stream), XTrimArgs.Builder.minId(minId + "-0"));
        });
    }

    @Override
    public int delete(String stream, java.util.Collection<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        String[] ids = messages.stream().map(m -> m.offset() + "-0").toArray(String[]::new);
        return call("delete from " + stream, () -> (int) (long) redis.xdel(keys.log(stream), ids));
    }

    /** Every stored message of the stream, oldest first (a stream holds at most its MAXLEN). */
    List<ChatMessage> all(String stream) {
        return call("read " + stream, () -> {
            List<ChatMessage> out = new ArrayList<>();
            String lower = "-";
            while (true) {
                List<StreamMessage<String, String>> batch = redis.xrange(keys.log(stream), Range.create(lower, "+"),
                        Limit.from(1000));
                batch.forEach(e -> out.add(read(e)));
                if (batch.size() < 1000) {
                    return out;
                }
                lower = "(" + batch.get(batch.size() - 1).getId();
            }
        });
    }

    ChatMessage read(StreamMessage<String, String> e) {
        return read(e.getBody().get("m"), offsetOf(e.getId()));
    }

    static ChatMessage read(String json, long offset) {
        try {
            return JSON.readValue(json, ChatMessage.class).withOffset(offset);
        } catch (IOException e) {
            throw new StoreException("a stored message could not be read: " + e.getMessage(), e);
        }
    }

    static String write(ChatMessage m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new StoreException("a message could not be written: " + e.getMessage(), e);
        }
    }

    static long offsetOf(String entryId) {
        int dash = entryId.indexOf('-');
        return Long.parseLong(dash < 0 ? entryId : entryId.substring(0, dash));
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static String newEpoch() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static <T> T call(String what, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (io.lettuce.core.RedisException e) {
            throw new StoreException("Redis could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static String load(String name) {
        try (InputStream in = RedisHistory.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
