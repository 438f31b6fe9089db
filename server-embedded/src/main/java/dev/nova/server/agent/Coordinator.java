package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.AgentWork;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.llm.LlmService;
import dev.nova.server.llm.ContextFit;
import dev.nova.server.llm.StreamEvents;
import dev.nova.server.task.Task;
import dev.nova.server.board.TaskBoard;
import dev.nova.server.ws.Client;
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

    /** The final answer's text and figures, and the agents' work behind it, for the assistant to store and send. */
    public record Result(String text, FinishReason finishReason, List<AgentWork> work) {}

    /** Said to the model when its first plan was cut at the length limit with no whole step in it. */
    static final String SHORTER = "\n\nYour previous plan was cut at the length limit. Reply with at most two steps,"
            + " each content one short sentence.";

    /** Plans {@code question} (with {@code model}, or the server's default when null) and has the agents do it. */
    public void run(Client c, ChatMessage question, String model, Consumer<Result> answer) {
        registry.set(ID, AgentState.BUSY, null);
        registry.action(ID, "planning", null, shorten(question.content()), c);
        plan(c, question, model, question.content(), new ArrayList<>(), answer);
    }

    private void plan(Client c, ChatMessage question, String model, String request, List<AgentWork> work,
                      Consumer<Result> answer) {
        // the request fitted to the model's context, as a chat is: a tiny model still gets a plan asked of it
        long window = llm.contextLength(model);
        ContextFit.Prompt prompt = ContextFit.fitPrompt(llm.templates().render("agent_coordinator", request, Map.of()),
                window, llm.maxTokens());
        llm.stream(c, null, planRequestId(question.messageId()), model, prompt.turns(), null, ID, ended -> {
                    StreamEvents.Outcome o = ended.outcome();
                    boolean cut = o.finishReason() == FinishReason.LENGTH;
                    boolean retried = !work.isEmpty();
                    work.add(new AgentWork(ID, retried ? "Shorter plan" : "Plan", ended.text(), o.finishReason(),
                            o.failed() && o.error() != null && !o.error().isEmpty() ? o.error() : null));
                    if (o.finishReason() == FinishReason.CANCELLED || o.failed()) {
                        // no plan: nothing is handed to the agents, and the answer says why
                        registry.set(ID, AgentState.IDLE, null);
                        answer.accept(new Result(o.finishReason() == FinishReason.CANCELLED ? "_The plan was stopped._"
                                : "_The coordinator could not plan: " + (o.error() == null || o.error().isBlank()
                                ? "the model server failed" : o.error().strip()) + "_", o.finishReason(), work));
                        return;
                    }
                    Plan plan = Plan.parse(ended.text(), question.content());
                    if (cut && plan.fallback() && !retried) {
                        registry.action(ID, "replanning", null, "the plan was cut at the length limit;"
                                + " asking for a shorter one", c);
                        plan(c, question, model, question.content() + SHORTER, work, answer);
                        return;
                    }
                    String fitted = prompt.cut() ? "The request was cut to fit the model's context of "
                            + window + " tokens." : null;
                    String length = !cut && !retried ? null : plan.fallback()
                            ? "The plan was cut at the length limit" + (retried ? " twice" : "")
                              + ", so one step did the whole request."
                            : retried ? "The first plan was cut at the length limit, so a shorter one was asked for."
                            : "The plan was cut at the length limit: the " + plural(plan.steps().size(), "step")
                              + " it held in full " + (plan.steps().size() == 1 ? "was" : "were") + " done.";
                    String note = fitted == null ? length : length == null ? fitted : fitted + " " + length;
                    delegate(c, question, plan, note, work, answer);
                });
    }

    private void delegate(Client c, ChatMessage question, Plan plan, String note, List<AgentWork> work,
                          Consumer<Result> answer) {
        registry.action(ID, "planned", null, plural(plan.steps().size(), "step") + (plan.fallback()
                ? " (the plan was not usable, so one task does it all)" : note != null ? " (" + note + ")" : ""), c);
        Map<String, Task> open = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        Map<String, Task> closed = new java.util.HashMap<>();
        Object lock = new Object();
        Consumer<Task> watcher = new Consumer<>() {
            @Override
            public void accept(Task t) {
                boolean last;
                synchronized (lock) {
                    if (!t.status().isClosed() || open.remove(t.id()) == null) {
                        return;
                    }
                    closed.put(t.id(), t);
                    last = open.isEmpty();
                }
                if (last) {
                    board.removeListener(this);
                    registry.set(ID, AgentState.IDLE, null);
                    answer.accept(compose(order.stream().map(closed::get).toList(), note, work)); // in plan order
                }
            }
        };
        board.onChange(watcher);
        synchronized (lock) {
            for (Plan.Step step : plan.steps()) {
                Task t = board.create(c, question.sender(), step.type(), step.content(), step.title(), question.threadId());
                open.put(t.id(), t);
                order.add(t.id());
            }
        }
        registry.set(ID, AgentState.ACTIVE, null);
    }

    /** The answer: each step's result under its title, what did not finish, and the plan's note. */
    static Result compose(List<Task> tasks, String note, List<AgentWork> plans) {
        StringBuilder out = new StringBuilder();
        List<AgentWork> work = new ArrayList<>(plans);
        int failed = 0;
        for (Task t : tasks) {
            out.append("### ").append(t.title()).append("\n\n");
            String agent = t.agentId() != null && dev.nova.protocol.Check.isName(t.agentId()) ? t.agentId() : "agent";
            if (t.status() == TaskStatus.COMPLETED) {
                out.append(t.result() == null ? "" : t.result().strip()).append("\n\n");
                work.add(new AgentWork(agent, title(t), t.result() == null ? "" : t.result(), FinishReason.STOP, null));
            } else {
                failed++;
                boolean cancelled = t.status() == TaskStatus.CANCELLED;
                out.append("_This step ").append(cancelled ? "was cancelled" : "failed")
                        .append(t.error() != null ? ": " + t.error() : "").append("._\n\n");
                work.add(new AgentWork(agent, title(t), t.result() == null ? "" : t.result(),
                        cancelled ? FinishReason.CANCELLED : FinishReason.ERROR,
                        t.error() == null || t.error().isEmpty() ? null : t.error()));
            }
        }
        if (failed > 0) {
            out.insert(0, "**" + failed + " of " + tasks.size() + " steps did not finish**, so this answer is incomplete.\n\n");
        }
        if (note != null) {
            out.insert(0, "_" + note + "_\n\n");
        }
        return new Result(out.toString().strip(), failed == tasks.size() ? FinishReason.ERROR : FinishReason.STOP, work);
    }

    private static String title(Task t) {
        String title = t.title() == null || t.title().isBlank() ? "Step" : t.title().strip();
        return title.length() <= 200 ? title : title.substring(0, 197) + "...";
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String shorten(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
