package dev.nova.server.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

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

    /** {@code identity} left {@code channel}: {@link #channels} no longer lists it for them. */
    void leave(String identity, String channel);

    /** {@code identity} (re)joined {@code channel}: it is listed for them again. */
    void rejoin(String identity, String channel);

    /** Sets a thread's title; the thread need not hold messages yet. */
    void rename(String stream, String threadId, String title, Instant at);

    /** Deletes a thread's messages, title and read marks; returns how many messages went. */
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

    record StreamRow(String stream, int messages, int unread, long lastOffset, Instant lastAt) {}

    record Found(String stream, String threadId, String messageId, long offset, String sender, String content,
                 Instant createdAt) {}
}
