package dev.nova.desktop.chat;

import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import dev.nova.protocol.ToolUse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What arrived for the chat on the network thread, in order, until the UI thread takes it. The
 * pieces of one answer that come between two takes are joined into one {@link Batch}, so a stream
 * of hundreds of tokens a second costs the UI one update per answer per take. No JavaFX here.
 */
final class ChatInbox {
    /** Pieces of one answer that arrived since the last take. */
    static final class Batch {
        final String requestId;
        final StringBuilder text = new StringBuilder();
        final StringBuilder thinking = new StringBuilder();
        LlmChunk last;
        String agentId;
        String taskId;
        String error;
        /** The thread it answers in, when a tool call said so (it may come before any text). */
        String threadId;
        /** Tool calls' latest states since the last take, by call id, in the order they came. */
        final Map<String, ToolUse> calls = new LinkedHashMap<>();

        Batch(String requestId) {
            this.requestId = requestId;
        }

        /** Nothing to show: only an error, or nothing at all. */
        boolean holdsNoWork() {
            return text.length() == 0 && thinking.length() == 0 && calls.isEmpty() && last == null;
        }
    }

    /** A stored message and the channel it came on (null: the person's assistant stream). */
    record Incoming(String channel, ChatMessage message) {}

    /** A task that is a step of a question asked in an assistant thread, or (thread null) no longer running. */
    record TaskLink(String taskId, String threadId) {}

    // guarded by `queue`
    private final Deque<Object> queue = new ArrayDeque<>();
    private final Map<String, Batch> open = new HashMap<>();

    /** A stored message that came on {@code channel}. */
    void message(String channel, ChatMessage m) {
        synchronized (queue) {
            queue.addLast(new Incoming(channel, m));
            open.clear(); // later pieces must land after this message
        }
    }

    void chunk(LlmChunk chunk) {
        String id = chunk.requestId() == null ? "" : chunk.requestId();
        synchronized (queue) {
            Batch b = batch(id);
            if (b.agentId == null) {
                b.agentId = chunk.agentId();
                b.taskId = chunk.taskId();
            }
            b.text.append(chunk.chunk());
            if (chunk.reasoning() != null) {
                b.thinking.append(chunk.reasoning());
            }
            if (chunk.isFinal()) {
                b.last = chunk;
                open.remove(id);
            }
        }
    }

    /** An error about a streamed answer; others are not the chat's. */
    void error(ServerMessage.Error error) {
        if (error.requestId() == null) {
            return;
        }
        synchronized (queue) {
            batch(error.requestId()).error = error.message();
        }
    }

    /** A tool call of an answer changed; a task's own calls (no request) are the board's. */
    void toolCall(ServerMessage.ToolCall call) {
        if (call.requestId() == null) {
            return;
        }
        synchronized (queue) {
            Batch b = batch(call.requestId());
            b.threadId = call.threadId();
            b.taskId = call.taskId(); // an agent's call: with its task's bubble, or on the board only
            b.calls.put(call.call().callId(), call.call());
        }
    }

    /** A task moved: while it runs, its work streams into the thread it was planned from. */
    void task(ServerMessage.TaskUpdate u) {
        String thread = u.status().isClosed() ? null : u.threadId();
        synchronized (queue) {
            queue.addLast(new TaskLink(u.taskId(), thread));
        }
    }

    /** The oldest thing not taken yet ({@link Batch}, {@link Incoming} or {@link TaskLink}), or null. */
    Object take() {
        synchronized (queue) {
            Object next = queue.pollFirst();
            if (next instanceof Batch b) {
                open.remove(b.requestId, b);
            }
            return next;
        }
    }

    private Batch batch(String requestId) {
        Batch b = open.get(requestId);
        if (b == null) {
            b = new Batch(requestId);
            open.put(requestId, b);
            queue.addLast(b);
        }
        return b;
    }
}
