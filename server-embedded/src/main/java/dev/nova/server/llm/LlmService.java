package dev.nova.server.llm;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.Stats;
import dev.nova.server.metrics.NovaMetrics;
import dev.nova.server.ws.Client;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Serves {@code llm_request} and {@code llm_cancel}, and streams answers for the assistant. */
public final class LlmService {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LlmService.class);
    private final LmStudioClient client;
    private final Templates templates;
    private final NovaMetrics metrics;
    private final AtomicInteger streaming = new AtomicInteger();

    public LlmService(LmStudioClient client, Templates templates, NovaMetrics metrics) {
        this.client = client;
        this.templates = templates;
        this.metrics = metrics;
        metrics.gauge("nova.llm.streams.active", "LLM answers being streamed now", null, streaming::get);
    }

    public Templates templates() {
        return templates;
    }

    public void request(Client c, Envelope<ClientMessage> frame, ClientMessage.LlmRequest r) {
        String requestId = r.requestId() != null ? r.requestId() : "r-" + UUID.randomUUID().toString().substring(0, 12);
        List<ChatTurn> turns = templates.render(r.template(), r.content(), r.metadata());
        stream(c, frame.channel(), requestId, r.model(), turns, null, null, ended -> { });
    }

    public void cancel(Client c, Envelope<ClientMessage> frame, ClientMessage.LlmCancel m) {
        // A stop that crosses the answer's end is a harmless race: nothing to stop, nothing to say.
        c.cancelStream(m.requestId());
    }

    /**
     * Streams an answer to {@code c} as {@code llm_chunk}s tagged with {@code requestId} (and the
     * task and agent, when an agent works); {@code after} learns how it ended.
     */
    public void stream(Client c, String channel, String requestId, String model, List<ChatTurn> turns,
                       String taskId, String agentId, Consumer<Relay.Ended> after) {
        stream(c, channel, requestId, model, null, turns, taskId, agentId, null, after);
    }

    /** How many tokens the model's context holds (null: the default model), or -1 when its server does not say. */
    public long contextLength(String model) {
        return client.contextLength(model);
    }

    /** The answer length limit of the settings, or null. */
    public Integer maxTokens() {
        return client.settings().maxTokens();
    }

    /**
     * {@link #stream}, at {@code temperature} (null: the settings'), the final chunk's and the
     * outcome's figures also saying how the thread fitted the model's context ({@code context}, or null).
     */
    public void stream(Client c, String channel, String requestId, String model, Double temperature, List<ChatTurn> turns,
                String taskId, String agentId, ContextFit.ContextUse context, Consumer<Relay.Ended> after) {
        stream(c, channel, requestId, model, temperature, turns, taskId, agentId, context, null, after);
    }

    /** A thread cut again to fit: the turns to send and how they fit. */
    public record Refit(List<ChatTurn> turns, ContextFit.ContextUse context) {}

    /**
     * {@link #stream}, asking once more when the model server refuses the prompt as longer than
     * its context before it wrote anything: {@code refit} gets the tokens the server counted (0:
     * not said) and gives a shorter thread, or null to let the failure stand.
     */
    public void stream(Client c, String channel, String requestId, String model, Double temperature, List<ChatTurn> turns,
                String taskId, String agentId, ContextFit.ContextUse context,
                java.util.function.LongFunction<Refit> refit, Consumer<Relay.Ended> after) {
        Handle handle = new Handle();
        if (!c.startStream(requestId, handle::cancel)) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "data.request_id",
                    "'" + requestId + "' is already streaming on this connection");
        }
        streaming.incrementAndGet();
        Consumer<Relay.Ended> offIoThread = counted(model, System.nanoTime(), after);
        Relay first = new Relay(c, channel, requestId, taskId, agentId, context, offIoThread);
        if (refit == null) {
            handle.set(client.stream(model, temperature, turns, first));
            return;
        }
        StreamEvents once = new StreamEvents() {
            private volatile StreamEvents to = first;
            private volatile boolean wrote;
            private volatile boolean retried;

            @Override
            public void onDelta(String content, String reasoning) {
                wrote = true;
                to.onDelta(content, reasoning);
            }

            @Override
            public void onEnd(Outcome outcome) {
                long counted = outcome.failed() && !wrote && !retried ? ContextFit.overflowTokens(outcome.error()) : -1;
                Refit again = counted >= 0 ? refit.apply(counted) : null;
                if (again == null) {
                    to.onEnd(outcome);
                    return;
                }
                retried = true;
                log.debug("the model server counted {} prompt tokens, more than estimated: cut again, {} turns",
                        counted, again.turns().size());
                to = new Relay(c, channel, requestId, taskId, agentId, again.context(), offIoThread);
                handle.set(client.stream(model, temperature, again.turns(), this));
            }
        };
        handle.set(client.stream(model, temperature, turns, once));
    }

    /**
     * {@link #stream}, offering the model the tools of {@code toolbox} and answering in rounds
     * ({@link ToolRounds}) until it answers or has made {@code maxRounds} rounds of calls. Stop
     * ({@code llm_cancel}, or the connection going) stops the round streaming and gives up calls
     * still waiting or running; {@code after} learns how it ended and which tools were called.
     */
    public void streamWithTools(Client c, String channel, String requestId, String model, Double temperature,
                                List<ChatTurn> turns, Toolbox toolbox, int maxRounds, ContextFit.ContextUse context,
                                Consumer<Relay.Ended> after) {
        if (Boolean.FALSE.equals(client.trainedForToolUse(model))) {
            // offered tools, such a model writes calls as text or makes them up: say so instead
            String name = model != null ? model : "The loaded model";
            StreamEvents.Outcome refused = Relay.end(c, channel, requestId, null, null, context,
                    new StreamEvents.Outcome(FinishReason.ERROR, null, model, ErrorCode.LLM_ERROR, name
                            + " is not trained for tool use, LM Studio says, so it cannot use this thread's tools."
                            + " Choose a model trained for tool use in the thread's settings (the Models window"
                            + " shows which are), or turn the thread's tools off."));
            streaming.incrementAndGet(); // counted as any other answer that ended
            counted(model, System.nanoTime(), after).accept(new Relay.Ended(refused, ""));
            return;
        }
        Relay relay = new Relay(c, channel, requestId, null, null, context, counted(model, System.nanoTime(), after),
                toolbox::uses);
        ToolRounds rounds = new ToolRounds(client, model, temperature, turns, toolbox, maxRounds, relay);
        if (!c.startStream(requestId, rounds::cancel)) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "data.request_id",
                    "'" + requestId + "' is already streaming on this connection");
        }
        streaming.incrementAndGet();
        rounds.start();
    }

    /** {@code after}, once the answer's figures are counted, off the HTTP client's I/O thread. */
    private Consumer<Relay.Ended> counted(String model, long started, Consumer<Relay.Ended> after) {
        return ended -> {
            streaming.decrementAndGet();
            Stats s = ended.outcome().stats();
            metrics.generation(ended.outcome().model() != null ? ended.outcome().model() : model,
                    ended.outcome().finishReason() == null ? "unknown" : ended.outcome().finishReason().wire(),
                    System.nanoTime() - started, s == null ? null : s.ttftMs(),
                    s == null || s.tokens() == null ? null : s.tokens().intValue());
            client.afterwards().execute(() -> after.accept(ended));
        };
    }

    /** Lets a cancel that comes before the generation has started still stop it. */
    private static final class Handle {
        private Generation generation;
        private boolean cancelled;

        synchronized void set(Generation g) {
            generation = g;
            if (cancelled) {
                g.cancel();
            }
        }

        void cancel() {
            Generation g;
            synchronized (this) {
                cancelled = true;
                g = generation;
            }
            if (g != null) {
                g.cancel();
            }
        }
    }
}
