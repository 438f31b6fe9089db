package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.llm.LlmService;
import dev.nova.server.task.Task;
import dev.nova.server.task.TaskBoard;
import dev.nova.server.ws.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a multi-step request: the coordinator asks the model for a small JSON plan (streamed as
 * {@code llm_chunk}s tagged {@code coordinator}), puts one task per step on the board for the
 * workers, who run at the same time, and when every task has closed writes the final answer from
 * their results - saying which steps failed rather than waiting for them forever.
 */
public final class Coordinator {
    public static final String ID = "coordinator";

    private final LlmService llm;
    private final TaskBoard board;
    private final AgentRegistry registry;

    public Coordinator(LlmService llm, TaskBoard board, AgentRegistry registry) {
        this.llm = llm;
        this.board = board;
        this.registry = registry;
    }

    /** The request id of the planning stream for the question stored as {@code messageId}. */
    public static String planRequestId(String messageId) {
        return "plan-" + messageId;
    }

    public static boolean wanted(String request) {
        return Plan.wanted(request);
    }

    /** The final answer's text and figures, for the assistant to store and send. */
    public record Result(String text, FinishReason finishReason) {}

    /** Plans {@code question} (with {@code model}, or the server's default when null) and has the agents do it. */
    public void run(Connection c, ChatMessage question, String model, Consumer<Result> answer) {
        registry.set(ID, AgentState.BUSY, null);
        registry.action(ID, "planning", null, shorten(question.content()), c);
        llm.stream(c, null, planRequestId(question.messageId()), model,
                llm.templates().render("agent_coordinator", question.content(), Map.of()), null, ID,
                ended -> delegate(c, question, Plan.parse(ended.text(), question.content()), answer));
    }

    private void delegate(Connection c, ChatMessage question, Plan plan, Consumer<Result> answer) {
        registry.action(ID, "planned", null, plan.steps().size() + (plan.fallback() ? " step (the plan was not usable,"
                + " so one task does it all)" : " steps"), c);
        Map<String, Task> open = new LinkedHashMap<>();
        List<Task> closed = new ArrayList<>();
        Object lock = new Object();
        Consumer<Task> watcher = new Consumer<>() {
            @Override
            public void accept(Task t) {
                boolean last;
                synchronized (lock) {
                    if (!t.status().isClosed() || open.remove(t.id()) == null) {
                        return;
                    }
                    closed.add(t);
                    last = open.isEmpty();
                }
                if (last) {
                    board.removeListener(this);
                    registry.set(ID, AgentState.IDLE, null);
                    answer.accept(compose(closed));
                }
            }
        };
        board.onChange(watcher);
        synchronized (lock) {
            for (Plan.Step step : plan.steps()) {
                Task t = board.create(c, question.sender(), step.type(), step.content(), step.title(), question.threadId());
                open.put(t.id(), t);
            }
        }
        registry.set(ID, AgentState.ACTIVE, null);
    }

    private static Result compose(List<Task> tasks) {
        StringBuilder out = new StringBuilder();
        int failed = 0;
        for (Task t : tasks) {
            out.append("### ").append(t.title()).append("\n\n");
            if (t.status() == TaskStatus.COMPLETED) {
                out.append(t.result() == null ? "" : t.result().strip()).append("\n\n");
            } else {
                failed++;
                out.append("_This step ").append(t.status() == TaskStatus.CANCELLED ? "was cancelled" : "failed")
                        .append(t.error() != null ? ": " + t.error() : "").append("._\n\n");
            }
        }
        if (failed > 0) {
            out.insert(0, "**" + failed + " of " + tasks.size() + " steps did not finish**, so this answer is incomplete.\n\n");
        }
        return new Result(out.toString().strip(), failed == tasks.size() ? FinishReason.ERROR : FinishReason.STOP);
    }

    private static String shorten(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
