package dev.nova.server.chat;

import dev.nova.protocol.ChannelInfo;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.SearchHit;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ThreadInfo;
import dev.nova.protocol.ThreadTitles;
import dev.nova.protocol.Timestamps;
import dev.nova.server.agent.Coordinator;
import dev.nova.server.channel.Channels;
import dev.nova.server.chat.Assistant;
import dev.nova.server.identity.Identity;
import dev.nova.server.store.Store;
import dev.nova.server.store.ThreadStore.ThreadMeta;
import dev.nova.server.store.ThreadStore.ThreadRow;
import dev.nova.server.store.ThreadStore;
import dev.nova.server.ws.Client;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The sidebar's messages: {@code threads} (a person's assistant threads and the channels they
 * can read, with unread counts), {@code thread_update} (rename, delete, pin, folder, settings),
 * {@code mark_read} and
 * {@code search}.
 */
public final class Conversations {
    /** How far back a deleted thread's questions are looked at for answers still being written. */
    static final int RECENT_QUESTIONS = 200;
    /** Default number of search results. */
    static final int DEFAULT_RESULTS = 50;

    private final Store store;
    private final Channels channels;
    private final Clock clock;
    private final Supplier<? extends Collection<? extends Client>> connections;

    public Conversations(Store store, Channels channels, Clock clock,
                         Supplier<? extends Collection<? extends Client>> connections) {
        this.store = store;
        this.channels = channels;
        this.clock = clock;
        this.connections = connections;
    }

    public void list(Client c, Envelope<ClientMessage> frame, ClientMessage.Threads m) {
        Identity who = c.identity();
        String stream = Chat.assistantStream(who.name());
        List<ThreadRow> rows = new ArrayList<>(store.threads().threads(stream, who.name()));
        Map<String, ThreadMeta> metas = store.threads().metas(stream);
        Set<String> listedIds = new HashSet<>();
        rows.forEach(r -> listedIds.add(r.threadId()));
        // an empty thread that was only pinned, filed or given settings is listed too
        metas.forEach((id, meta) -> {
            if (!listedIds.contains(id)) {
                rows.add(new ThreadRow(id, null, null, 0, 0, 0, null, meta.updatedAt()));
            }
        });
        rows.sort(Comparator.comparing(Conversations::lastActivity).reversed());
        List<ThreadInfo> listed = rows.stream().map(r -> {
            ThreadMeta meta = metas.getOrDefault(r.threadId(), ThreadMeta.NONE);
            return new ThreadInfo(r.threadId(), title(r), r.messages(), r.unread(), r.lastOffset(),
                    r.lastAt() == null ? null : Timestamps.format(r.lastAt()), meta.pinned(), meta.folder(),
                    meta.settings().orNull());
        }).toList();
        List<ChannelInfo> readable = channelInfos(readableChannels(who));
        List<ChannelInfo> left = channelInfos(store.threads().channelsLeft(who.name()).stream()
                .filter(s -> channels.canRead(who, s.stream())).toList());
        c.send(null, new ServerMessage.Threads(listed, readable, left));
    }

    public void update(Client c, Envelope<ClientMessage> frame, ClientMessage.ThreadUpdate m) {
        String stream = Chat.ownStream(c, frame, "threads are renamed, deleted, pinned, filed and given settings");
        Identity who = c.identity();
        ServerMessage.ThreadUpdate done;
        if (Boolean.TRUE.equals(m.deleted())) {
            List<String> questions = questionsOf(who, stream, m.threadId());
            channels.withStreamLock(stream, () -> store.threads().delete(stream, m.threadId()));
            stopAnswers(who, questions); // after the delete: a stopped answer then finds no question to follow
            done = new ServerMessage.ThreadUpdate(m.threadId(), null, true);
        } else {
            String title = null;
            if (m.title() != null) {
                title = m.title().strip();
                if (title.isEmpty()) {
                    throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "title", "must not be blank");
                }
            }
            String folder = m.folder() == null ? null : m.folder().strip();
            Instant now = clock.instant();
            if (title != null) {
                store.threads().rename(stream, m.threadId(), title, now);
            }
            ThreadMeta meta = null;
            if (m.pinned() != null || folder != null || m.settings() != null) {
                meta = store.threads().annotate(stream, m.threadId(), m.pinned(), folder, m.settings(), now);
            }
            done = new ServerMessage.ThreadUpdate(m.threadId(), title, null,
                    m.pinned() == null ? null : meta.pinned(),
                    folder == null ? null : meta.folder() == null ? "" : meta.folder(),
                    m.settings() == null ? null : meta.settings());
        }
        connectionsOf(who).forEach(other -> other.send(null, done));
    }

    /**
     * Deletes one message of the sender's assistant threads; a question goes with its answers
     * (those naming it, and one stored right after it before answers named their question). An
     * answer still streaming for a deleted question is stopped.
     */
    public void deleteMessage(Client c, Envelope<ClientMessage> frame, ClientMessage.MessageDelete m) {
        String stream = Chat.ownStream(c, frame, "messages are deleted");
        Identity who = c.identity();
        ServerMessage.ChatMessage target = store.history().find(stream, m.messageId())
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "data.message_id",
                        "no message '" + m.messageId() + "' in your assistant threads"));
        List<ServerMessage.ChatMessage> doomed = new ArrayList<>();
        doomed.add(target);
        boolean question = !Assistant.NAME.equals(target.sender());
        if (question) {
            List<ServerMessage.ChatMessage> after = store.history().after(stream, target.offset(), RECENT_QUESTIONS);
            for (int i = 0; i < after.size(); i++) {
                ServerMessage.ChatMessage a = after.get(i);
                if (!a.threadId().equals(target.threadId()) || !Assistant.NAME.equals(a.sender())) {
                    continue;
                }
                boolean positional = a.replyTo() == null && after.subList(0, i).stream()
                        .noneMatch(x -> x.threadId().equals(target.threadId()) && !Assistant.NAME.equals(x.sender()));
                if (target.messageId().equals(a.replyTo()) || positional) {
                    doomed.add(a);
                }
            }
        }
        channels.withStreamLock(stream, () -> store.history().delete(stream, doomed));
        if (question) {
            stopAnswers(who, List.of(target.messageId()));
        }
        ServerMessage.MessageDelete done = new ServerMessage.MessageDelete(target.threadId(),
                doomed.stream().map(ServerMessage.ChatMessage::messageId).toList());
        connectionsOf(who).forEach(other -> other.send(null, done));
    }

    /** Every open connection of that person (their devices). */
    private List<Client> connectionsOf(Identity who) {
        return connections.get().stream()
                .filter(c -> c.identity() != null && c.identity().name().equals(who.name())).map(c -> (Client) c)
                .toList();
    }

    /** Newest activity first, as the sidebar and the join dialog show them. */
    private static List<ChannelInfo> channelInfos(List<ThreadStore.StreamRow> rows) {
        return rows.stream()
                .sorted(Comparator.comparing(ThreadStore.StreamRow::lastAt).reversed())
                .map(s -> new ChannelInfo(s.stream(), s.messages(), s.unread(), s.lastOffset(),
                        Timestamps.format(s.lastAt())))
                .toList();
    }

    /** The channels holding messages that this person reads (private ones only on their access list). */
    private List<ThreadStore.StreamRow> readableChannels(Identity who) {
        return store.threads().channels(who.name()).stream().filter(s -> channels.canRead(who, s.stream())).toList();
    }

    /** The latest questions a person asked in a thread: their answers may still be streaming. */
    private List<String> questionsOf(Identity who, String stream, String threadId) {
        return store.history().before(stream, threadId, null, RECENT_QUESTIONS).messages().stream()
                .filter(q -> q.sender().equals(who.name())).map(q -> q.messageId()).toList();
    }

    /** Stops what the assistant (or the coordinator) is still writing for those questions. */
    private void stopAnswers(Identity who, List<String> questions) {
        for (Client c : connectionsOf(who)) {
            for (String id : questions) {
                c.cancelStream(Assistant.requestIdFor(id));
                c.cancelStream(Coordinator.planRequestId(id));
            }
        }
    }

    public void markRead(Client c, Envelope<ClientMessage> frame, ClientMessage.MarkRead m) {
        Identity who = c.identity();
        String channel = frame.channel();
        if (channel == null) {
            if (m.threadId() == null) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "thread_id", "required for an assistant thread");
            }
            store.threads().markRead(who.name(), Chat.assistantStream(who.name()), m.threadId(), m.offset());
        } else {
            channels.requireReadable(who, channel);
            store.threads().markRead(who.name(), channel, ThreadStore.WHOLE_STREAM, m.offset());
        }
    }

    public void search(Client c, Envelope<ClientMessage> frame, ClientMessage.Search m) {
        String text = m.query().strip();
        if (text.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "query", "must not be blank");
        }
        Identity who = c.identity();
        String own = Chat.assistantStream(who.name());
        List<String> streams = new ArrayList<>();
        streams.add(own);
        readableChannels(who).forEach(s -> streams.add(s.stream()));
        int limit = m.limit() != null ? m.limit() : DEFAULT_RESULTS;
        List<SearchHit> hits = store.threads().search(streams, text, limit).stream()
                .map(f -> new SearchHit(f.stream().equals(own) ? null : f.stream(), f.threadId(),
                        f.messageId(), f.offset(), f.sender(), snippet(f.content(), text),
                        Timestamps.format(f.createdAt())))
                .toList();
        c.send(null, new ServerMessage.Search(m.query(), hits));
    }

    private static Instant lastActivity(ThreadRow r) {
        Instant a = r.lastAt();
        Instant b = r.titledAt();
        if (a == null) {
            return b == null ? Instant.EPOCH : b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** The set title, else the start of the first message. */
    static String title(ThreadRow r) {
        return r.title() != null ? r.title() : ThreadTitles.derived(r.firstMessage());
    }

    /** Some words either side of the first match, on one line. */
    static String snippet(String content, String query) {
        String flat = content.replaceAll("\\s+", " ").strip();
        int at = flat.toLowerCase(Locale.ROOT).indexOf(query.toLowerCase(Locale.ROOT));
        if (at < 0 || at >= flat.length()) {
            at = 0; // not found, or lower-casing changed the length: show the start
        }
        int from = Math.max(0, at - 40);
        int to = Math.min(flat.length(), at + query.length() + 80);
        if (from > 0 && Character.isLowSurrogate(flat.charAt(from))) {
            from--;
        }
        if (to < flat.length() && Character.isLowSurrogate(flat.charAt(to))) {
            to++;
        }
        return (from > 0 ? "\u2026" : "") + flat.substring(from, to) + (to < flat.length() ? "\u2026" : "");
    }
}
