package dev.nova.server.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.Check;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ToolCallStatus;
import dev.nova.protocol.ToolDecision;
import dev.nova.protocol.ToolPolicy;
import dev.nova.protocol.ToolUse;
import dev.nova.server.config.ToolSettings;
import dev.nova.server.llm.ModelToolCall;
import dev.nova.server.llm.ToolSpec;
import dev.nova.server.llm.Toolbox;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The MCP tools one answer may use: those of the servers its thread allows, connected now, whose
 * policy for the person is not {@code never}. A call the model asks for is shown to the person
 * ({@code tool_call}), waits for their approval when the tool's policy is {@code ask}, runs with a
 * timeout, and its result goes back to the model, cut at the configured size with a note saying so.
 */
final class McpToolbox implements Toolbox {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of a result is kept with the answer and shown (the model gets more). */
    static final int PREVIEW = 2000;

    private record Target(String server, McpSchema.Tool tool, ToolPolicy policy) {}

    private final McpHost host;
    private final ToolPolicies policies;
    private final Approvals approvals;
    private final Consumer<ServerMessage.ToolCall> show;
    private final Ended ended;
    private final String owner;
    private final String requestId;
    private final String threadId;
    private final String taskId;
    private final ToolSettings settings;
    private final Map<String, Target> byFunction = new LinkedHashMap<>();
    private final List<ToolSpec> specs = new ArrayList<>();
    /** Every call as it stands, in the order asked (by call id). */
    private final Map<String, ToolUse> uses = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, CompletableFuture<String>> open = new ConcurrentHashMap<>();
    private volatile boolean abandoned;

    /** Told of every call that ended: which tool, how ({@link ToolCallStatus#wire}), how long it ran. */
    interface Ended {
        void call(String tool, String outcome, Long ranMillis);
    }

    McpToolbox(McpHost host, ToolPolicies policies, Approvals approvals, Consumer<ServerMessage.ToolCall> show,
               Ended ended, String owner, List<String> servers, String requestId, String threadId, String taskId) {
        this.host = host;
        this.policies = policies;
        this.approvals = approvals;
        this.show = show;
        this.ended = ended;
        this.owner = owner;
        this.requestId = requestId;
        this.threadId = threadId;
        this.taskId = taskId;
        this.settings = host.settings();
        ToolPolicies.Resolved mine = policies.forPerson(owner);
        for (McpHost.Server s : host.servers()) {
            if (!servers.contains(s.name()) || !s.connected()) {
                continue;
            }
            for (McpSchema.Tool t : s.tools()) {
                ToolPolicy p = mine.of(s.name(), t);
                if (p == ToolPolicy.NEVER) {
                    continue;
                }
                String fn = functionName(s.name(), t.name());
                byFunction.put(fn, new Target(s.name(), t, p));
                specs.add(new ToolSpec(fn, description(s.name(), t), t.inputSchema()));
            }
        }
    }

    /**
     * A function name the model may call ({@code ^[a-zA-Z0-9_-]{1,64}$}, as the OpenAI API wants):
     * the server's and the tool's names, so two servers' tools of one name stay apart.
     */
    private String functionName(String server, String tool) {
        String base = (server + "__" + tool).replaceAll("[^a-zA-Z0-9_-]", "_");
        base = base.length() > 60 ? base.substring(0, 60) : base;
        String fn = base;
        for (int i = 2; byFunction.containsKey(fn); i++) {
            fn = base + "_" + i;
        }
        return fn;
    }

    private static String description(String server, McpSchema.Tool t) {
        String d = t.description() == null || t.description().isBlank() ? t.name() : t.description();
        return d + " (tool " + t.name() + " of " + server + ")";
    }

    @Override
    public List<ToolSpec> specs() {
        return List.copyOf(specs);
    }

    @Override
    public List<ToolUse> uses() {
        synchronized (uses) {
            return List.copyOf(uses.values());
        }
    }

    @Override
    public CompletableFuture<String> call(ModelToolCall asked) {
        String callId = "tc-" + UUID.randomUUID().toString().substring(0, 12);
        String arguments = asked.arguments() == null || asked.arguments().isBlank() ? "{}" : asked.arguments();
        arguments = arguments.length() > ToolUse.MAX_TEXT ? arguments.substring(0, ToolUse.MAX_TEXT) : arguments;
        Target t = byFunction.get(asked.name());
        if (t == null) {
            record(new ToolUse(callId, "nova", cut(asked.name().isBlank() ? "?" : asked.name(), ToolUse.MAX_TOOL),
                    arguments, ToolCallStatus.FAILED, null, null, "there is no such tool"));
            return CompletableFuture.completedFuture("There is no tool named '" + asked.name() + "'. The tools offered"
                    + " are: " + String.join(", ", byFunction.keySet()) + ".");
        }
        ToolUse use = new ToolUse(callId, t.server(), cut(t.tool().name(), ToolUse.MAX_TOOL), arguments,
                t.policy() == ToolPolicy.ASK ? ToolCallStatus.PENDING_APPROVAL : ToolCallStatus.RUNNING, null, null, null);
        Map<String, Object> args;
        try {
            args = JSON.readValue(arguments, new TypeReference<Map<String, Object>>() {});
        } catch (Exception notAnObject) {
            record(use.with(ToolCallStatus.FAILED, null, null, "the arguments are not a JSON object"));
            return CompletableFuture.completedFuture("The arguments you gave are not a JSON object: " + arguments);
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        open.put(callId, result);
        result.whenComplete((v, x) -> open.remove(callId));
        if (t.policy() == ToolPolicy.ASK) {
            // waiting before it is shown: a decision (or a Stop) right after seeing it finds it
            CompletableFuture<Approvals.Decision> decided = approvals.ask(owner, frame(use));
            record(use);
            if (abandoned) {
                approvals.abandon(callId);
            }
            decided.thenAccept(d -> {
                if (d.decision() == ToolDecision.DENY) {
                    record(use.with(ToolCallStatus.DENIED, null, null,
                            d.reason() == null ? "denied" : "denied: " + d.reason()));
                    result.complete("The person did not allow this call" + (d.reason() == null ? "."
                            : ". Their reason: " + d.reason()));
                    return;
                }
                if (d.decision() == ToolDecision.ALLOW_ALWAYS) {
                    policies.set(owner, t.server(), t.tool().name(), ToolPolicy.ALLOW);
                }
                run(use, t, args, result);
            });
        } else {
            record(use);
            run(use, t, args, result);
        }
        return result;
    }

    private void run(ToolUse use, Target t, Map<String, Object> args, CompletableFuture<String> result) {
        if (abandoned) {
            record(use.with(ToolCallStatus.FAILED, null, null, "the answer was stopped"));
            result.complete("The call was not made: the answer was stopped.");
            return;
        }
        ToolUse running = use.with(ToolCallStatus.RUNNING, null, null, null);
        record(running);
        long started = System.nanoTime();
        host.call(t.server(), t.tool().name(), args)
                .orTimeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, x) -> {
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    if (x != null) {
                        Throwable cause = x instanceof java.util.concurrent.CompletionException && x.getCause() != null
                                ? x.getCause() : x;
                        String why = timedOut(cause)
                                ? "it did not finish within " + settings.callTimeout().toSeconds() + " s"
                                : McpConnection.reason(cause);
                        record(running.with(ToolCallStatus.FAILED, ms, null, why));
                        result.complete("The tool failed: " + why);
                        return;
                    }
                    String text = text(r);
                    String forModel = text.length() > settings.maxResultChars()
                            ? text.substring(0, settings.maxResultChars()) + "\n[The result was cut here: "
                                    + (text.length() - settings.maxResultChars()) + " more characters were left out.]"
                            : text;
                    if (Boolean.TRUE.equals(r.isError())) {
                        record(running.with(ToolCallStatus.FAILED, ms, null, text.isBlank() ? "the tool failed"
                                : cut(text, PREVIEW)));
                        result.complete("The tool reported an error: " + forModel);
                    } else {
                        record(running.with(ToolCallStatus.SUCCEEDED, ms, cut(text, PREVIEW), null));
                        result.complete(forModel);
                    }
                });
    }

    /** Whether a call failed for its time running out (ours, or the SDK's own request timeout). */
    private static boolean timedOut(Throwable x) {
        for (Throwable t = x; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** What a result says, as text: its text parts, and a word for each part of another kind. */
    static String text(McpSchema.CallToolResult r) {
        StringBuilder b = new StringBuilder();
        for (McpSchema.Content c : r.content() == null ? List.<McpSchema.Content>of() : r.content()) {
            if (b.length() > 0) {
                b.append('\n');
            }
            if (c instanceof McpSchema.TextContent text) {
                b.append(text.text());
            } else {
                b.append('[').append(c.type()).append(']');
            }
        }
        if (b.length() == 0 && r.structuredContent() != null) {
            try {
                b.append(JSON.writeValueAsString(r.structuredContent()));
            } catch (Exception e) {
                b.append(r.structuredContent());
            }
        }
        return b.toString();
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    /** Keeps the call as it stands now and shows it to every connection of the person. */
    private void record(ToolUse use) {
        uses.put(use.callId(), use);
        show.accept(frame(use));
        if (use.status().isFinal()) {
            ended.call("nova".equals(use.server()) ? "unknown" : use.server() + "/" + use.tool(), use.status().wire(),
                    use.durationMs());
        }
    }

    private ServerMessage.ToolCall frame(ToolUse use) {
        return new ServerMessage.ToolCall(use, Check.isName(requestId) ? requestId : null, threadId, taskId);
    }

    @Override
    public void abandon() {
        abandoned = true;
        for (ToolUse u : uses()) {
            if (u.status() == ToolCallStatus.PENDING_APPROVAL) {
                approvals.abandon(u.callId());
            }
        }
        open.forEach((callId, result) -> {
            ToolUse u = uses.get(callId);
            if (u != null && u.status() == ToolCallStatus.RUNNING) {
                record(u.with(ToolCallStatus.FAILED, null, null, "the answer was stopped"));
            }
            result.complete("The call was given up: the answer was stopped.");
        });
    }
}
