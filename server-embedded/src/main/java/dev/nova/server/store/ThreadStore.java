package dev.nova.server.store;

import dev.nova.protocol.ThreadSettings;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the sidebar needs beside the history itself: thread titles, per-reader read marks, and
 * summaries and text search over the stored messages.
 */
public interface ThreadStore {

    /** The whole of a channel, as opposed to one of its threads, in read marks. */
    String WHOLE_STREAM = "";

    /**
     * The threads of an assistant stream: every thread holding messages, and titled empty ones.
     * Unread counts stop at 100 (the sidebar shows "99+"), here and in {@link #channels}.
     */
    List<ThreadRow> threads(String stream, String reader);

    /**
     * Every stream that holds messages, except assistant streams (those start with {@code @}) and
     * the channels {@code reader} left.
     */
    List<StreamRow> channels(String reader);

    /** The channels {@code reader} left that still hold messages: the ones they may join again. */
    List<StreamRow> channelsLeft(String reader);

    /** {@code identity} left {@code channel}: {@link #channels} no longer lists it for them, {@link #channelsLeft} does. */
    void leave(String identity, String channel);

    /** {@code identity} (re)joined {@code channel}: it is listed for them again. */
    void rejoin(String identity, String channel);

    /** Sets a thread's title; the thread need not hold messages yet. */
    void rename(String stream, String threadId, String title, Instant at);

    /**
     * The pins, folders and settings of a stream's threads that have any, by thread id; a thread
     * without messages is listed by {@link #threads} only when titled, so an empty thread that
     * was only pinned, filed or given settings is found here.
     */
    Map<String, ThreadMeta> metas(String stream);

    /** One thread's pin, folder and settings ({@link ThreadMeta#NONE} when it has none). */
    default ThreadMeta meta(String stream, String threadId) {
        return metas(stream).getOrDefault(threadId, ThreadMeta.NONE);
    }

    /**
     * Changes what is given and leaves what is null: {@code pinned}; {@code folder} (the empty
     * string: no folder); {@code settings} whole ({@link ThreadSettings#DEFAULTS}: none). Returns
     * the thread's meta afterwards. The thread need not hold messages yet.
     */
    ThreadMeta annotate(String stream, String threadId, Boolean pinned, String folder, ThreadSettings settings,
                        Instant at);

    /** Deletes a thread's messages, title, read marks, pin, folder and settings; returns how many messages went. */
    int delete(String stream, String threadId);

    /** Moves {@code reader}'s mark forward to {@code offset} (never back). */
    void markRead(String reader, String stream, String threadId, long offset);

    /** Messages of {@code streams} containing {@code text} (case-insensitive), newest first. */
    List<Found> search(Collection<String> streams, String text, int limit);

    /**
     * One thread. {@code title} is null when none was set; {@code firstMessage} is the text the
     * sidebar derives a title from. {@code lastAt} is null for a thread without messages.
     */
    record ThreadRow(String threadId, String title, String firstMessage, int messages, int unread, long lastOffset,
                     Instant lastAt, Instant titledAt) {}

    /**
     * What a person keeps about a thread beside its title: pinned on top, in a folder (null: none),
     * how the assistant answers in it ({@link ThreadSettings#DEFAULTS}: the server's way), and
     * when that last changed (null for {@link #NONE}).
     */
    record ThreadMeta(boolean pinned, String folder, ThreadSettings settings, Instant updatedAt) {
        public static final ThreadMeta NONE = new ThreadMeta(false, null, ThreadSettings.DEFAULTS, null);

        public ThreadMeta {
            folder = folder == null || folder.isEmpty() ? null : folder;
            settings = settings == null ? ThreadSettings.DEFAULTS : settings;
        }

        /** Neither pinned nor filed nor with settings of its own. */
        public boolean isEmpty() {
            return !pinned && folder == null && settings.isDefault();
        }
    }

    record StreamRow(String stream, int messages, int unread, long lastOffset, Instant lastAt) {}

    record Found(String stream, String threadId, String messageId, long offset, String sender, String content,
                 Instant createdAt) {}
}
