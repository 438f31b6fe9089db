package dev.nova.server.chat;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.Timestamps;
import dev.nova.server.identity.Identity;
import dev.nova.server.channel.Channels;
import dev.nova.server.chat.Assistant;
import dev.nova.server.store.HistoryStore.Answer;
import dev.nova.server.store.HistoryStore.Appended;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.store.HistoryStore.Page;
import dev.nova.server.store.Store;
import dev.nova.server.ws.Client;
import dev.nova.server.ws.OutFrame;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * {@code chat_message}, {@code regenerate}, {@code thread_import} and {@code history}. A message to a channel is stored, given the
 * channel's next offset, and delivered to its subscribers and its sender; a message with no
 * channel goes to the sender's own assistant stream.
 */
public final class Chat {
    /** Default page size of {@code history}. */
    static final int DEFAULT_PAGE = 50;

    private final Store store;
    private final Channels channels;
    private final Clock clock;
    private final Assistant assistant;

    public Chat(Store store, Channels channels, Clock clock, Assistant assistant) {
        this.assistant = assistant;
        this.store = store;
        this.channels = channels;
        this.clock = clock;
    }

    /**
     * The sender's own assistant stream, for what only applies there (renaming, deleting, importing):
     * a frame with a channel is refused, {@code forbidden}, saying what {@code action} is for.
     */
    public static String ownStream(Client c, Envelope<ClientMessage> frame, String action) {
        if (frame.channel() != null) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "channel",
                    "channels are shared: " + action + " only in your assistant threads (leave channel out)");
        }
        return assistantStream(c.identity().name());
    }

    /** The stream holding a person's conversation with the assistant; no channel name can equal it. */
    public static String assistantStream(String identity) {
        return "@assistant/" + identity;
    }

    /**
     * A message to a channel is stored without holding the connection's thread (on a team's Redis,
     * one round trip each); the echo, the sender's acknowledgement, goes once it is stored. A
     * question to the assistant is stored at once, then answered.
     */
    public CompletionStage<?> post(Client c, Envelope<ClientMessage> frame, ClientMessage.ChatMessage m) {
        Identity who = c.identity();
        String channel = frame.channel();
        String stream;
        String thread;
        if (channel == null) {
            stream = assistantStream(who.name());
            thread = m.threadId() != null ? m.threadId() : "assistant";
        } else {
            channels.requireReadable(who, channel);
            stream = channel;
            thread = m.threadId() != null ? m.threadId() : channel;
        }
        String editOf = null;
        if (m.editOf() != null) {
            if (channel != null) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "data.edit_of",
                        "only questions to the assistant are edited and asked again; a channel message is not");
            }
            ServerMessage.ChatMessage edited = store.history().find(stream, m.editOf())
                    .filter(q -> q.sender().equals(who.name()) && q.threadId().equals(thread))
                    .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "data.edit_of",
                            "no question '" + m.editOf() + "' of yours in this thread"));
            editOf = edited.editOf() != null ? edited.editOf() : edited.messageId(); // versions name the first one
        }
        long arrived = System.nanoTime();
        Instant now = clock.instant();
        NewMessage message = new NewMessage(thread, who.name(), m.content(), m.messageId(), now, null, editOf);
        if (channel != null) {
            return channels.appendAsync(stream, channel, message, c, arrived).thenAccept(stored -> {
                if (stored.duplicate()) {
                    c.sendFrame(Channels.encode(channel, stored.message())); // the retry is answered with the original
                }
            });
        }
        Appended stored = channels.append(stream, null, message, c, arrived);
        if (stored.duplicate()) {
            c.sendFrame(Channels.encode(null, stored.message()));
        } else {
            assistant.reply(c, stream, stored.message(), m.model());
        }
        return null;
    }

    /**
     * A message to a channel from outside the WebSocket (Nova's MCP server): checked as one sent
     * over it, stored, and delivered to the channel's subscribers on every node.
     */
    public ServerMessage.ChatMessage postToChannel(Identity who, String channel, ClientMessage.ChatMessage m) {
        channels.requireReadable(who, channel);
        if (channels.isLive(channel)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "channel",
                    "'" + channel + "' is a live channel of the server's own events; it takes no messages");
        }
        NewMessage message = new NewMessage(m.threadId() != null ? m.threadId() : channel, who.name(), m.content(),
                m.messageId(), clock.instant());
        return channels.append(channel, channel, message, null, System.nanoTime()).message();
    }

    /** A channel's newest {@code limit} messages below offset {@code before} (all when null), for who may read it. */
    public Page channelPage(Identity who, String channel, Long before, int limit) {
        channels.requireReadable(who, channel);
        return store.history().before(channel, null, before, limit);
    }

    /** Answers one of the sender's stored questions again (Regenerate, Retry): the new answer replaces the earlier. */
    public void regenerate(Client c, Envelope<ClientMessage> frame, ClientMessage.Regenerate r) {
        if (frame.channel() != null) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "channel",
                    "regenerate asks the assistant again: leave channel out (a channel message is not answered)");
        }
        String stream = assistantStream(c.identity().name());
        ServerMessage.ChatMessage question = store.history().find(stream, r.messageId())
                .filter(m -> !Assistant.NAME.equals(m.sender()))
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "data.message_id",
                        "no question '" + r.messageId() + "' in your assistant threads"));
        assistant.reply(c, stream, question, r.model());
    }

    /**
     * Stores an imported thread's messages as they were, in order, without answering them; a
     * message imported before (same {@code message_id}) is not stored again. The thread gets the
     * import's title when something new was stored.
     */
    public void importThread(Client c, Envelope<ClientMessage> frame, ClientMessage.ThreadImport m) {
        String stream = ownStream(c, frame, "threads are imported");
        Identity who = c.identity();
        Instant now = clock.instant();
        int stored = 0;
        int duplicates = 0;
        Instant latest = null;
        for (ClientMessage.ThreadImport.Imported i : m.messages()) {
            Instant at = i.createdAt() == null ? now : Timestamps.parse("created_at", i.createdAt());
            NewMessage message = i.fromAssistant()
                    ? new NewMessage(m.threadId(), Assistant.NAME, i.content(), i.messageId(), at,
                            new Answer(i.model(), FinishReason.STOP,
                                    null, null, null))
                    : new NewMessage(m.threadId(), who.name(), i.content(), i.messageId(), at);
            if (channels.append(stream, null, message, c, System.nanoTime()).duplicate()) {
                duplicates++;
            } else {
                stored++;
                latest = latest == null || at.isAfter(latest) ? at : latest;
            }
        }
        if (m.title() != null && stored > 0 && !m.title().isBlank()) {
            // titled as of its last message, so an old conversation sorts where its messages put it
            store.threads().rename(stream, m.threadId(), m.title().strip(), latest);
        }
        c.send(null, new ServerMessage.ThreadImport(m.threadId(), stored, duplicates));
    }

    public void history(Client c, Envelope<ClientMessage> frame, ClientMessage.History h) {
        Identity who = c.identity();
        String channel = frame.channel();
        if (channel != null) {
            channels.requireReadable(who, channel);
        }
        String stream = channel != null ? channel : assistantStream(who.name());
        int limit = h.limit() != null ? h.limit() : DEFAULT_PAGE;
        Page page = store.history().before(stream, h.threadId(), h.before(), limit);
        c.send(channel, new ServerMessage.History(h.threadId(), page.messages(), page.hasMore()));
    }
}
