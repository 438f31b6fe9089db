package dev.nova.server.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ThreadSettings;
import dev.nova.protocol.Timestamps;
import dev.nova.server.store.StoreException;
import dev.nova.server.store.ThreadStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sidebar's threads on Redis: titles and read marks in hashes per stream, the channels in a
 * set, who left what in a set per person. The listing comes from the indexes the append script
 * keeps ({@link RedisHistory}): one script reads per thread its size, first message, last offset
 * and unread count, never the history itself. Search looks through the search text the append
 * script keeps beside each stream (plain text, a block per 256 offsets) inside Redis, a step at a
 * time, and only the newest matches travel.
 */
final class RedisThreads implements ThreadStore {
    private static final int UNREAD_CAP = 100;
    /** Moves a read mark forward only: KEYS[1] the marks hash, ARGV[1] the field, ARGV[2] the offset. */
    private static final String MARK = """
            local v = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
            if tonumber(ARGV[2]) > v then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
            return 1""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final RedisHistory history;

    RedisThreads(RedisClusterCommands<String, String> redis, RedisKeys keys, RedisHistory history) {
        this.redis = redis;
        this.keys = keys;
        this.history = history;
    }

    @Override
    public List<ThreadRow> threads(String stream, String reader) {
        history.ensureIndexed(stream);
        List<Object> r = RedisHistory.call("list the threads of " + stream, () -> RedisScript.THREADS.run(redis,
                ScriptOutputType.MULTI, new String[] {keys.log(stream), keys.threadSet(stream), keys.marks(stream)},
                keys.threadIndexPrefix(stream), reader, markField(reader, ""), Integer.toString(UNREAD_CAP),
                keys.othersIndexPrefix(stream), RedisKeys.owner(stream)));
        Map<String, String> titles = RedisHistory.call("read titles", () -> redis.hgetall(keys.titles(stream)));
        List<ThreadRow> rows = new ArrayList<>();
        Set<String> listed = new java.util.HashSet<>();
        for (int i = 0; i + 5 < r.size(); i += 6) {
            String thread = RedisHistory.text(r.get(i));
            String[] title = title(titles.get(thread));
            rows.add(new ThreadRow(thread, title[1], RedisHistory.text(r.get(i + 2)), (int) number(r.get(i + 1)),
                    (int) number(r.get(i + 5)), Long.parseLong(RedisHistory.text(r.get(i + 3))),
                    Timestamps.parse("created_at", RedisHistory.text(r.get(i + 4))),
                    title[0] == null ? null : Instant.ofEpochMilli(Long.parseLong(title[0]))));
            listed.add(thread);
        }
        titles.forEach((thread, value) -> {
            if (!listed.contains(thread)) {
                String[] title = title(value);
                rows.add(new ThreadRow(thread, title[1], null, 0, 0, 0, null, Instant.ofEpochMilli(Long.parseLong(title[0]))));
            }
        });
        return rows;
    }

    private static long number(Object o) {
        return o instanceof Long l ? l : Long.parseLong(RedisHistory.text(o));
    }

    @Override
    public List<StreamRow> channels(String reader) {
        return channels(reader, false);
    }

    @Override
    public List<StreamRow> channelsLeft(String reader) {
        return channels(reader, true);
    }

    private List<StreamRow> channels(String reader, boolean wasLeft) {
        Set<String> streams = RedisHistory.call("list channels", () -> redis.smembers(keys.channels()));
        Set<String> left = RedisHistory.call("list what was left", () -> redis.smembers(keys.left(reader)));
        List<StreamRow> rows = new ArrayList<>();
        for (String stream : streams) {
            if (left.contains(stream) != wasLeft) {
                continue;
            }
            long n = RedisHistory.call("count " + stream, () -> redis.xlen(keys.log(stream)));
            if (n == 0) {
                continue;
            }
            List<StreamMessage<String, String>> lastEntry = RedisHistory.call("read " + stream, () ->
                    redis.xrevrange(keys.log(stream), Range.create("-", "+"), Limit.from(1)));
            ChatMessage last = history.read(lastEntry.get(0));
            long mark = mark(RedisHistory.call("read marks", () -> redis.hgetall(keys.marks(stream))), reader, WHOLE_STREAM);
            int unread = unreadAfter(stream, mark, reader);
            rows.add(new StreamRow(stream, (int) n, unread, last.offset(), at(last)));
        }
        return rows;
    }

    /** Messages after {@code mark} not by {@code reader}, read a cap's worth at a time, up to the cap. */
    private int unreadAfter(String stream, long mark, String reader) {
        int unread = 0;
        long after = mark;
        while (true) {
            List<ChatMessage> batch = history.after(stream, after, UNREAD_CAP);
            for (ChatMessage m : batch) {
                if (!m.sender().equals(reader) && ++unread >= UNREAD_CAP) {
                    return unread;
                }
            }
            if (batch.size() < UNREAD_CAP) {
                return unread;
            }
            after = batch.get(batch.size() - 1).offset();
        }
    }

    @Override
    public void leave(String identity, String channel) {
        RedisHistory.call("leave " + channel, () -> redis.sadd(keys.left(identity), channel));
    }

    @Override
    public void rejoin(String identity, String channel) {
        RedisHistory.call("rejoin " + channel, () -> redis.srem(keys.left(identity), channel));
    }

    @Override
    public void rename(String stream, String threadId, String title, Instant at) {
        RedisHistory.call("rename a thread", () -> redis.hset(keys.titles(stream), threadId, at.toEpochMilli() + "|" + title));
    }

    @Override
    public Map<String, ThreadMeta> metas(String stream) {
        Map<String, String> fields = RedisHistory.call("read the threads' settings", () -> redis.hgetall(keys.threadMeta(stream)));
        Map<String, Map<Character, String>> byThread = new HashMap<>();
        fields.forEach((field, value) -> byThread.computeIfAbsent(field.substring(2), t -> new HashMap<>())
                .put(field.charAt(0), value));
        Map<String, ThreadMeta> metas = new HashMap<>();
        byThread.forEach((thread, f) -> {
            ThreadMeta m = meta(f.get('p'), f.get('f'), f.get('s'), f.get('t'));
            if (!m.isEmpty()) {
                metas.put(thread, m);
            }
        });
        return metas;
    }

    @Override
    public ThreadMeta meta(String stream, String threadId) {
        List<io.lettuce.core.KeyValue<String, String>> v = RedisHistory.call("read a thread's settings", () ->
                redis.hmget(keys.threadMeta(stream), "p|" + threadId, "f|" + threadId, "s|" + threadId, "t|" + threadId));
        return meta(v.get(0).getValueOrElse(null), v.get(1).getValueOrElse(null), v.get(2).getValueOrElse(null),
                v.get(3).getValueOrElse(null));
    }

    private static ThreadMeta meta(String pinned, String folder, String settings, String at) {
        try {
            return new ThreadMeta("1".equals(pinned), folder,
                    settings == null ? null : JSON.readValue(settings, ThreadSettings.class),
                    at == null ? null : Instant.ofEpochMilli(Long.parseLong(at)));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("a thread's stored settings are not readable", e);
        }
    }

    @Override
    public ThreadMeta annotate(String stream, String threadId, Boolean pinned, String folder, ThreadSettings settings,
                               Instant at) {
        String key = keys.threadMeta(stream);
        Map<String, String> set = new LinkedHashMap<>();
        List<String> gone = new ArrayList<>();
        if (Boolean.TRUE.equals(pinned)) {
            set.put("p|" + threadId, "1");
        } else if (pinned != null) {
            gone.add("p|" + threadId);
        }
        if (folder != null) {
            if (folder.isEmpty()) {
                gone.add("f|" + threadId);
            } else {
                set.put("f|" + threadId, folder);
            }
        }
        if (settings != null) {
            if (settings.isDefault()) {
                gone.add("s|" + threadId);
            } else {
                try {
                    set.put("s|" + threadId, JSON.writeValueAsString(settings));
                } catch (JsonProcessingException e) {
                    throw new StoreException("a thread's settings could not be written", e);
                }
            }
        }
        set.put("t|" + threadId, Long.toString(at.toEpochMilli()));
        RedisHistory.call("change a thread's settings", () -> redis.hset(key, set));
        if (!gone.isEmpty()) {
            RedisHistory.call("change a thread's settings", () -> redis.hdel(key, gone.toArray(String[]::new)));
        }
        return meta(stream, threadId);
    }

    @Override
    public int delete(String stream, String threadId) {
        int gone = 0;
        while (true) {
            List<ChatMessage> page = history.threadPage(stream, threadId, null, RedisHistory.BATCH);
            if (page.isEmpty()) {
                break;
            }
            gone += history.remove(stream, page);
        }
        RedisHistory.call("delete a title", () -> redis.hdel(keys.titles(stream), threadId));
        RedisHistory.call("delete a thread's settings", () -> redis.hdel(keys.threadMeta(stream),
                "p|" + threadId, "f|" + threadId, "s|" + threadId, "t|" + threadId));
        Map<String, String> marks = RedisHistory.call("read marks", () -> redis.hgetall(keys.marks(stream)));
        String[] ofThread = marks.keySet().stream().filter(f -> f.endsWith("|" + threadId)).toArray(String[]::new);
        if (ofThread.length > 0) {
            RedisHistory.call("delete marks", () -> redis.hdel(keys.marks(stream), ofThread));
        }
        return gone;
    }

    @Override
    public void markRead(String reader, String stream, String threadId, long offset) {
        RedisHistory.call("mark " + stream + " read", () -> redis.eval(MARK, ScriptOutputType.INTEGER,
                new String[] {keys.marks(stream)}, markField(reader, threadId), Long.toString(offset)));
    }

    @Override
    public List<Found> search(Collection<String> streams, String text, int limit) {
        String needle = RedisHistory.searchText(text);
        // the newest `limit` matches by time (then offset) of every stream, kept as Redis finds them
        java.util.PriorityQueue<Hit> best = new java.util.PriorityQueue<>(HIT_ORDER);
        for (String stream : streams) {
            history.ensureIndexed(stream);
            String below = "";
            do {
                String from = below;
                List<Object> r = RedisHistory.call("search " + stream, () -> RedisScript.SEARCH.run(redis,
                        ScriptOutputType.MULTI, new String[] {keys.meta(stream)}, keys.searchTextPrefix(stream), needle,
                        from, Integer.toString(SEARCH_BLOCKS), Integer.toString(limit)));
                for (int i = 1; i + 1 < r.size(); i += 2) {
                    best.add(new Hit(stream, number(r.get(i)), RedisHistory.text(r.get(i + 1))));
                    if (best.size() > limit) {
                        best.poll();
                    }
                }
                below = Long.toString(number(r.get(0)));
            } while (!below.equals("0"));
        }
        List<Found> found = new ArrayList<>(best.size());
        for (Hit h : best) {
            history.at(h.stream(), h.offset()).ifPresent(m -> found.add(new Found(h.stream(), m.threadId(), m.messageId(),
                    m.offset(), m.sender(), m.content(), at(m))));
        }
        found.sort(Comparator.comparing(Found::createdAt).thenComparingLong(Found::offset).reversed());
        return found;
    }

    /** Blocks of search text (256 offsets each) one search step looks through inside Redis. */
    static final int SEARCH_BLOCKS = 64;

    /** A match: its stream, offset and created_at (ISO-8601 in one fixed format, so it sorts as text). */
    private record Hit(String stream, long offset, String at) {}

    /** Oldest first, so the head of the queue is the one to drop. */
    private static final Comparator<Hit> HIT_ORDER = Comparator.comparing(Hit::at).thenComparingLong(Hit::offset);

    private static long mark(Map<String, String> marks, String reader, String thread) {
        String v = marks.get(markField(reader, thread));
        return v == null ? 0 : Long.parseLong(v);
    }

    private static String markField(String reader, String thread) {
        return reader.length() + ":" + reader + "|" + thread;
    }

    /** {@code [millis or null, title or null]}. */
    private static String[] title(String value) {
        if (value == null) {
            return new String[] {null, null};
        }
        int bar = value.indexOf('|');
        return new String[] {value.substring(0, bar), value.substring(bar + 1)};
    }

    private static Instant at(ChatMessage m) {
        return Timestamps.parse("created_at", m.createdAt());
    }
}
