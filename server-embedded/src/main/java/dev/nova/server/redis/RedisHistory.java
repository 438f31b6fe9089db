package dev.nova.server.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.Timestamps;
import dev.nova.server.config.RetentionRule;
import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.StoredMessages;
import dev.nova.server.store.StoreException;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Chat history in Redis: per stream a Redis Stream whose entry ids are the offsets
 * ({@code <offset>-0}), a hash {@code {epoch, top}}, and indexes the append script keeps beside
 * it: per thread a small stream of its offsets, senders and times; the set of threads; message
 * id to offset. Appending is one Lua script (next offset, XADD, the indexes, the idempotency key,
 * PUBLISH for {@link RedisBus}), so nodes never see offsets out of order, and nothing is ever
 * trimmed by it: messages go only when a person deletes them or an operator's retention rule
 * removes them ({@code remove.lua}, which keeps the indexes right). A Redis that lost its data has
 * no hash: the next use starts a new epoch, and clients are told {@code recovered: false} instead
 * of getting a silent gap.
 */
final class RedisHistory implements HistoryStore {
    static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** How long a (sender, client_message_id) pair is remembered for idempotent retries. */
    static final long CLIENT_ID_TTL_S = 24 * 3600;
    /** Entries read (or indexed, or removed) per round trip when going through a stream. */
    static final int BATCH = 500;

    private final RedisClusterCommands<String, String> redis;
    /** The same connection, for appends that do not hold the caller's thread for the round trip. */
    private final RedisClusterAsyncCommands<String, String> async;
    /** Appends sent and not answered yet, at most {@link #MAX_IN_FLIGHT}: a caller past it waits (back-pressure). */
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    static final int MAX_IN_FLIGHT = 4096;
    private final RedisKeys keys;
    /** PUBLISH, or SPUBLISH on Redis Cluster (sharded pub/sub, in the stream's own slot). */
    private final String publish;
    /** Streams known to have their indexes (every stream created since they exist has). */
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();

    RedisHistory(RedisClusterCommands<String, String> redis, RedisClusterAsyncCommands<String, String> async,
                 RedisKeys keys, boolean sharded) {
        this.redis = redis;
        this.async = async;
        this.keys = keys;
        this.publish = sharded ? "SPUBLISH" : "PUBLISH";
    }

    @Override
    public StreamHead head(String stream) {
        return call("read the head of " + stream, () -> {
            String meta = keys.meta(stream);
            List<io.lettuce.core.KeyValue<String, String>> v = redis.hmget(meta, "epoch", "top");
            if (!v.get(0).hasValue() || !v.get(1).hasValue()) { // a new stream (or a wiped Redis): a new epoch
                if (!v.get(0).hasValue()) {
                    redis.hsetnx(meta, "idx", "1"); // a new stream has nothing to index; set first, so no append misses it
                }
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
        try {
            return appendAsync(stream, m, busChannel).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Appends without waiting for Redis: one script (next offset, XADD, the indexes, the
     * idempotency key, the publish on {@code busChannel}), completed when Redis answers, failed with
     * a {@link StoreException} when it cannot. Appends sent on the connection are run by Redis in
     * the order they were sent, so one stream's offsets follow its senders' order; at most
     * {@link #MAX_IN_FLIGHT} are outstanding (a caller past that waits for room).
     */
    CompletableFuture<Appended> appendAsync(String stream, NewMessage m, String busChannel) {
        String messageId = "m-" + UUID.randomUUID();
        ChatMessage draft = StoredMessages.of(m, messageId, 0);
        boolean idempotent = m.clientMessageId() != null;
        String[] k = {keys.log(stream), keys.meta(stream),
                idempotent ? keys.clientId(stream, m.sender(), m.clientMessageId()) : keys.meta(stream),
                keys.threadIndex(stream, m.threadId()), keys.threadSet(stream), keys.messageIds(stream),
                keys.othersIndex(stream, m.threadId())};
        String owner = RedisKeys.owner(stream);
        boolean byOther = !owner.isEmpty() && !owner.equals(m.sender());
        inFlight.acquireUninterruptibly();
        CompletableFuture<List<Object>> sent;
        try {
            sent = RedisScript.APPEND.runAsync(async, ScriptOutputType.MULTI, k,
                    newEpoch(), write(draft), busChannel, idempotent ? "1" : "0", Long.toString(CLIENT_ID_TTL_S), publish,
                    m.threadId(), m.sender(), draft.createdAt(), messageId, byOther ? "1" : "0", searchText(m.content()),
                    keys.searchTextPrefix(stream));
        } catch (RuntimeException e) { // refused at once (disconnected: commands are rejected, not queued)
            inFlight.release();
            return CompletableFuture.failedFuture(storeFailure("append to " + stream, e));
        }
        return sent.handle((r, e) -> {
            inFlight.release();
            if (e != null) {
                throw storeFailure("append to " + stream, e);
            }
            long offset = Long.parseLong(text(r.get(2)));
            if ("dup".equals(text(r.get(0)))) {
                String original = r.size() > 3 ? text(r.get(3)) : "";
                ChatMessage o = original.isEmpty() ? StoredMessages.of(m, messageId, offset) : read(original, offset);
                return new Appended(o, true);
            }
            if (!stream.startsWith("@") && (offset == 1 || offset % 64 == 0)) {
                // idempotent: again now and then; not waited for (a lost one is made good at the next)
                async.sadd(keys.channels(), stream);
            }
            return new Appended(draft.withOffset(offset), false);
        });
    }

    /** What a failure of Redis (or of the answer's use) is told as. */
    private static RuntimeException storeFailure(String what, Throwable e) {
        Throwable cause = RedisScript.unwrapped(e);
        if (cause instanceof StoreException se) {
            return se;
        }
        if (cause instanceof io.lettuce.core.RedisException) {
            return new StoreException("Redis could not " + what + ": " + cause.getMessage(), cause);
        }
        return cause instanceof RuntimeException r ? r : new StoreException("could not " + what + ": " + cause, cause);
    }

    /**
     * Makes sure the stream has the indexes the append script keeps: a stream stored by an earlier
     * Nova (whose history the sidebar read whole) is indexed once, a batch per call, while it goes on.
     */
    void ensureIndexed(String stream) {
        if (indexed.contains(stream)) {
            return;
        }
        String[] k = {keys.log(stream), keys.meta(stream), keys.threadSet(stream), keys.messageIds(stream)};
        call("index " + stream, () -> {
            while (RedisScript.REINDEX.<Long>run(redis, ScriptOutputType.INTEGER, k, keys.threadIndexPrefix(stream),
                    Integer.toString(BATCH), keys.othersIndexPrefix(stream), RedisKeys.owner(stream),
                    keys.searchTextPrefix(stream)) == 0) {
                // another batch
            }
            return null;
        });
        indexed.add(stream);
    }

    @Override
    public Optional<ChatMessage> find(String stream, String messageId) {
        ensureIndexed(stream);
        return call("find " + messageId + " in " + stream, () -> {
            String offset = redis.hget(keys.messageIds(stream), messageId);
            return offset == null ? Optional.<ChatMessage>empty() : at(stream, Long.parseLong(offset));
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
        List<ChatMessage> newestFirst;
        if (threadId == null) {
            newestFirst = call("page " + stream, () -> {
                List<ChatMessage> out = new ArrayList<>();
                redis.xrevrange(keys.log(stream), Range.create("-", before == null ? "+" : "(" + before + "-0"),
                        Limit.from(limit + 1L)).forEach(e -> out.add(read(e)));
                return out;
            });
        } else {
            newestFirst = threadPage(stream, threadId, before, limit + 1);
        }
        boolean more = newestFirst.size() > limit;
        List<ChatMessage> page = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        Collections.reverse(page);
        return new Page(page, more);
    }

    /** Up to {@code count} messages of one thread below offset {@code before} (null: the newest), newest first. */
    List<ChatMessage> threadPage(String stream, String threadId, Long before, int count) {
        ensureIndexed(stream);
        List<Object> r = call("page " + stream, () -> RedisScript.PAGE.run(redis, ScriptOutputType.MULTI,
                new String[] {keys.log(stream), keys.threadIndex(stream, threadId)},
                before == null ? "+" : Long.toString(before), Integer.toString(count)));
        List<ChatMessage> out = new ArrayList<>(r.size() / 2);
        for (int i = 0; i + 1 < r.size(); i += 2) {
            out.add(read(text(r.get(i + 1)), Long.parseLong(text(r.get(i)))));
        }
        return out;
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
    public int trim(String stream, RetentionRule rule, Instant now) {
        if (rule.keepsAll()) {
            return 0;
        }
        long excess = rule.maxMessages() == null ? 0
                : call("count " + stream, () -> redis.xlen(keys.log(stream))) - rule.maxMessages();
        Instant cutoff = rule.maxAge() == null ? null : now.minus(rule.maxAge());
        int removed = 0;
        while (true) {
            List<ChatMessage> oldest = after(stream, 0, BATCH);
            List<ChatMessage> going = new ArrayList<>();
            for (ChatMessage m : oldest) {
                boolean over = removed + going.size() < excess;
                // A channel's messages are stored in the order they came: past the first one young
                // enough (and within the count), none is older.
                boolean tooOld = cutoff != null && Timestamps.parse("created_at", m.createdAt()).isBefore(cutoff);
                if (!over && !tooOld) {
                    break;
                }
                going.add(m);
            }
            removed += remove(stream, going);
            if (going.size() < oldest.size() || oldest.size() < BATCH) {
                return removed;
            }
        }
    }

    @Override
    public Set<String> channelStreams() {
        return new java.util.TreeSet<>(call("list the channels", () -> redis.smembers(keys.channels())));
    }

    @Override
    public int delete(String stream, Collection<ChatMessage> messages) {
        return remove(stream, messages);
    }

    /** Removes these messages (as read, with their offsets) and their index entries; how many went. */
    int remove(String stream, Collection<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        List<String> args = new ArrayList<>(2 + messages.size() * 3);
        args.add(keys.threadIndexPrefix(stream));
        args.add(keys.othersIndexPrefix(stream));
        args.add(keys.searchTextPrefix(stream));
        for (ChatMessage m : messages) {
            args.add(Long.toString(m.offset()));
            args.add(m.threadId());
            args.add(m.messageId());
        }
        Long gone = call("delete from " + stream, () -> RedisScript.REMOVE.run(redis, ScriptOutputType.INTEGER,
                new String[] {keys.log(stream), keys.messageIds(stream), keys.threadSet(stream)},
                args.toArray(String[]::new)));
        return (int) (long) gone;
    }

    /** The message at {@code offset}, if it is still stored. */
    Optional<ChatMessage> at(String stream, long offset) {
        return call("read " + stream, () -> {
            List<StreamMessage<String, String>> e = redis.xrange(keys.log(stream),
                    Range.create(offset + "-0", offset + "-0"));
            return e.isEmpty() ? Optional.<ChatMessage>empty() : Optional.of(read(e.get(0)));
        });
    }

    /**
     * A message's text as search looks at it: lower case for ASCII letters only (as the embedded
     * store's LIKE), and no bytes 0 or 1, which separate messages in the search text.
     */
    static String searchText(String content) {
        StringBuilder b = new StringBuilder(content.length());
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c == 0 || c == 1 ? ' ' : c);
        }
        return b.toString();
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

    static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static String newEpoch() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static <T> T call(String what, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (io.lettuce.core.RedisException e) {
            throw storeFailure(what, e);
        }
    }
}
