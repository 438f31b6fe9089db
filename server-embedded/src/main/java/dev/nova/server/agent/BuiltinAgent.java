package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.llm.LmStudioClient;
import dev.nova.server.llm.ContextFit;
import dev.nova.server.llm.StreamEvents;
import dev.nova.server.llm.Templates;
import dev.nova.server.llm.ToolRounds;
import dev.nova.server.llm.Toolbox;
import dev.nova.server.task.Task;
import dev.nova.server.board.TaskBoard;
import dev.nova.server.ws.Client;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent that runs inside the server on the LLM: a system prompt (an editable template named
 * {@code agent_<id>}) plus a small loop - take the task, stream the model's work on it as
 * {@code llm_chunk}s tagged with the task and agent, then complete or fail the task.
 */
public final class BuiltinAgent {
    private static final Logger log = LoggerFactory.getLogger(BuiltinAgent.class);

    private final String id;
    private final String template;
    private final String kind;
    private final AgentToolboxes tools;
    private final int maxToolRounds;
    private final String name;
    private final String role;
    private final LmStudioClient llm;
    private final Templates templates;
    private final TaskBoard board;
    private final AgentRegistry registry;

    /**
     * {@code kind} names its prompt ({@code agent_<kind>}); {@code id} is {@code kind} on a server
     * of its own, {@code kind.<node>} on a team of nodes (each node has its own).
     */
    public BuiltinAgent(String id, String kind, String name, String role, LmStudioClient llm, Templates templates,
                        TaskBoard board, AgentRegistry registry, AgentToolboxes tools, int maxToolRounds) {
        this.id = id;
        this.kind = kind;
        this.tools = tools == null ? AgentToolboxes.NONE : tools;
        this.maxToolRounds = maxToolRounds;
        this.template = "agent_" + kind;
        this.name = name;
        this.role = role;
        this.llm = llm;
        this.templates = templates;
        this.board = board;
        this.registry = registry;
    }

    public Agent asAgent() {
        return new Agent(id, name, role, AgentState.IDLE, null, this, null);
    }

    /** Works on an assigned task; {@code done} runs when the agent is free again. */
    void work(Task task, Consumer<Task> done) {
        Client requester = board.origin(task.id());
        Task started;
        try {
            started = board.move(task.id(), TaskStatus.IN_PROGRESS, id, null, null, null);
        } catch (RuntimeException e) {
            log.info("{} could not start {}: {}", id, task.id(), e.getMessage());
            registry.set(id, AgentState.IDLE, null);
            done.accept(task);
            return;
        }
        registry.set(id, AgentState.BUSY, task.id());
        registry.action(id, "started", task.id(), task.title(), requester);
        String requestId = "task-" + task.id();
        StringBuilder result = new StringBuilder();
        // the task fitted to the model's context (the end of a long one goes first), and the result says so
        long window = llm.contextLength(null);
        ContextFit.Prompt prompt = ContextFit.fitPrompt(
                templates.render(template, task.content(), Map.of("title", task.title(), "type", task.type())),
                window, llm.settings().maxTokens());
        if (prompt.cut()) {
            result.append("_The task was cut to fit the model's context of ").append(window)
                    .append(" tokens._\n\n");
            registry.action(id, "cut", task.id(), "the task was cut to fit the model's context", requester);
        }
        // with the MCP tools the config gives this agent, it works in rounds: each call shown to the task's
        // creator, and waiting for them where the tool's policy asks; the calls are kept with the task
        Toolbox toolbox = tools.forTask(kind, task);
        StreamEvents events = new StreamEvents() {
            @Override
            public void onDelta(String content, String reasoning) {
                result.append(content);
                Client to = board.origin(task.id());
                if (to != null) {
                    to.sendChunk(null, requestId, task.id(), id, content, reasoning);
                }
            }

            @Override
            public void onEnd(Outcome outcome) {
                if (requester != null) { // every stream ends with one final chunk, agents' too
                    requester.send(null, new ServerMessage.LlmChunk("", true, requestId, null, outcome.finishReason(),
                            outcome.stats(), outcome.model(), task.id(), id));
                }
                llm.afterwards().execute(() -> finish(started, outcome, result.toString(), requester, done,
                        toolbox == null ? java.util.List.of() : toolbox.uses()));
            }
        };
        Runnable stop;
        if (toolbox != null && !toolbox.specs().isEmpty()) {
            stop = ToolRounds.start(llm, null, prompt.turns(), toolbox, maxToolRounds, events);
        } else {
            stop = llm.stream(null, prompt.turns(), events)::cancel;
        }
        board.whileRunning(task.id(), stop);
    }

    private void finish(Task task, StreamEvents.Outcome outcome, String text, Client requester, Consumer<Task> done,
                        java.util.List<dev.nova.protocol.ToolUse> toolCalls) {
        board.finishedRunning(task.id());
        Task end = task;
        try {
            if (outcome.finishReason() == FinishReason.CANCELLED) {
                registry.action(id, "stopped", task.id(), "the task was cancelled", requester);
            } else if (outcome.failed()) {
                end = board.move(task.id(), TaskStatus.FAILED, id, text.isEmpty() ? null : text, outcome.error(),
                        outcome.stats().tokens(), toolCalls);
                registry.action(id, "failed", task.id(), outcome.error(), requester);
            } else {
                end = board.move(task.id(), TaskStatus.COMPLETED, id, text, null, outcome.stats().tokens(), toolCalls);
                registry.action(id, "completed", task.id(), task.title(), requester);
            }
        } catch (RuntimeException e) {
            log.info("{} could not close {}: {}", id, task.id(), e.getMessage()); // e.g. cancelled meanwhile
        }
        registry.set(id, AgentState.IDLE, null);
        done.accept(end);
    }
}
