package dev.nova.server.llm;

import dev.nova.protocol.FinishReason;
import dev.nova.protocol.Stats;
import dev.nova.server.ws.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * An answer in rounds: the model is offered tools; when it asks for some instead of answering,
 * each call is carried out by the {@link Toolbox} (a person approving where the tool's policy
 * says so; calls of one round side by side), the results go back to it as {@code tool} messages,
 * and it is asked again - until it answers, or {@code maxRounds} rounds of calls were made. What
 * it writes along the way streams to the client as one answer; Stop ends the round streaming and
 * gives up calls still waiting or running.
 */
final class ToolRounds {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ToolRounds.class);

    private final LmStudioClient client;
    private final Client to;
    private final String channel;
    private final String requestId;
    private final String model;
    private final Double temperature;
    private final List<ChatTurn> turns;
    private final Toolbox toolbox;
    private final int maxRounds;
    private final ContextFit.ContextUse context;
    private final Consumer<Relay.Ended> after;
    private final StringBuilder transcript = new StringBuilder();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean cancelled;
    private long tokens;
    // guarded by this
    private int round;
    private Generation current;

    ToolRounds(LmStudioClient client, Client to, String channel, String requestId, String model, Double temperature,
               List<ChatTurn> turns, Toolbox toolbox, int maxRounds, ContextFit.ContextUse context,
               Consumer<Relay.Ended> after) {
        this.client = client;
        this.to = to;
        this.channel = channel;
        this.requestId = requestId;
        this.model = model;
        this.temperature = temperature;
        this.turns = new ArrayList<>(turns);
        this.toolbox = toolbox;
        this.maxRounds = maxRounds;
        this.context = context;
        this.after = after;
    }

    /** Asks the model for the first round. */
    void start() {
        next();
    }

    /** Stops the answer: the round streaming now, or the calls being waited for. */
    void cancel() {
        cancelled = true;
        Generation g;
        synchronized (this) {
            g = current;
        }
        if (g != null) {
            g.cancel();
        }
        toolbox.abandon();
    }

    private void next() {
        if (cancelled) {
            finish(new StreamEvents.Outcome(FinishReason.CANCELLED, new Stats(tokens, null, null), model, null, null));
            return;
        }
        StringBuilder said = new StringBuilder();
        Generation g;
        synchronized (this) {
            round++;
            // after maxRounds rounds of calls the model is asked once more without tools, to answer with what it has
            List<ToolSpec> offered = round <= maxRounds ? toolbox.specs() : List.of();
            g = client.stream(model, temperature, turns, offered, new StreamEvents() {
                @Override
                public void onDelta(String content, String reasoning) {
                    said.append(content);
                    transcript.append(content);
                    to.sendChunk(channel, requestId, null, null, content, reasoning);
                }

                @Override
                public void onEnd(Outcome outcome) {
                    ended(outcome, said.toString());
                }
            });
            current = g;
        }
        if (cancelled) {
            g.cancel(); // stopped while the request was being made
        }
    }

    private void ended(StreamEvents.Outcome o, String said) {
        if (o.stats() != null && o.stats().tokens() != null) {
            tokens += o.stats().tokens();
        }
        if (cancelled || !o.wantsTools()) {
            finish(o);
            return;
        }
        int done;
        synchronized (this) {
            done = round;
        }
        if (done > maxRounds) {
            String note = (transcript.length() == 0 ? "" : "\n\n") + "(Stopped after " + maxRounds
                    + " rounds of tool calls, the most one answer may make.)";
            transcript.append(note);
            to.sendChunk(channel, requestId, null, null, note, "");
            finish(new StreamEvents.Outcome(FinishReason.STOP, o.stats(), o.model(), null, null));
            return;
        }
        log.debug("{}: round {} asks for {} tool calls", requestId, done, o.toolCalls().size());
        turns.add(ChatTurn.calls(said, o.toolCalls()));
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (ModelToolCall call : o.toolCalls()) {
            results.add(toolbox.call(call));
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).whenCompleteAsync((v, x) -> {
            for (int i = 0; i < results.size(); i++) {
                turns.add(ChatTurn.toolResult(o.toolCalls().get(i).id(), results.get(i).getNow("(no result)")));
            }
            next();
        }, client.afterwards());
    }

    private void finish(StreamEvents.Outcome last) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        Stats s = last.stats();
        StreamEvents.Outcome whole = new StreamEvents.Outcome(last.finishReason(),
                s == null ? new Stats(tokens, null, null) : new Stats(tokens, s.ttftMs(), s.tokensPerS()),
                last.model(), last.errorCode(), last.error());
        StreamEvents.Outcome told = Relay.end(to, channel, requestId, null, null, context, whole);
        after.accept(new Relay.Ended(told, transcript.toString(), toolbox.uses()));
    }
}
