package dev.nova.server.task;

import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.TaskStatus;
import dev.nova.protocol.Timestamps;
import java.time.Instant;

/**
 * A unit of work on the board. {@code startedAt} is set when an agent starts it, {@code finishedAt}
 * when it closes; {@code tokens} counts what the agent's model generated for it; {@code threadId}
 * is the assistant thread whose question it is a step of (null for a task made on the board).
 */
public record Task(String id, String title, String type, String content, TaskStatus status, String agentId,
                   String result, String error, String createdBy, Instant createdAt, Instant updatedAt,
                   Instant startedAt, Instant finishedAt, Long tokens, String threadId,
                   java.util.List<dev.nova.protocol.ToolUse> toolCalls) {

    public Task {
        toolCalls = toolCalls == null ? java.util.List.of() : java.util.List.copyOf(toolCalls);
    }

    /** A task whose agent has called no tools (yet). */
    public Task(String id, String title, String type, String content, TaskStatus status, String agentId, String result,
                String error, String createdBy, Instant createdAt, Instant updatedAt, Instant startedAt,
                Instant finishedAt, Long tokens, String threadId) {
        this(id, title, type, content, status, agentId, result, error, createdBy, createdAt, updatedAt, startedAt,
                finishedAt, tokens, threadId, java.util.List.of());
    }

    /** This task with the tool calls its agent made for it, as they ended. */
    public Task withToolCalls(java.util.List<dev.nova.protocol.ToolUse> calls) {
        return new Task(id, title, type, content, status, agentId, result, error, createdBy, createdAt, updatedAt,
                startedAt, finishedAt, tokens, threadId, calls);
    }

    public Task with(TaskStatus to, String agent, String newResult, String newError, Long newTokens, Instant at) {
        Instant started = to == TaskStatus.IN_PROGRESS && startedAt == null ? at : startedAt;
        if (to == TaskStatus.CREATED) {
            started = null; // back on the board for another agent
        }
        Instant finished = to.isClosed() ? at : null;
        return new Task(id, title, type, content, to, to == TaskStatus.CREATED ? null : agent, newResult, newError,
                createdBy, createdAt, at, started, finished, newTokens, threadId,
                to == TaskStatus.CREATED ? java.util.List.of() : toolCalls);
    }

    /** Milliseconds of agent work so far (or in all, once closed); null before it started. */
    public Long elapsedMs(Instant now) {
        if (startedAt == null) {
            return null;
        }
        Instant end = finishedAt != null ? finishedAt : now;
        return Math.max(0, end.toEpochMilli() - startedAt.toEpochMilli());
    }

    public ServerMessage.TaskUpdate toUpdate(Instant now) {
        return new ServerMessage.TaskUpdate(id, status, agentId, title, type, content, result, error,
                Timestamps.format(createdAt), Timestamps.format(updatedAt), elapsedMs(now), tokens, threadId,
                toolCalls.isEmpty() ? null : toolCalls);
    }
}
