package dev.nova.server.llm;

import dev.nova.protocol.FinishReason;
import dev.nova.protocol.Stats;
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
 * it writes along the way goes to {@code out} as one answer, which ends once with the whole
 * outcome; Stop ends the round streaming and gives up calls still waiting or running. The
 * assistant's answers go to a connection ({@link Relay}); an agent's to its task.
 */
public final class ToolRounds {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ToolRounds.class);

    private final LmStudioClient client;
    private final String model;
    private final Double temperature;
    private final List<ChatTurn> turns;
    private final Toolbox toolbox;
    private final int maxRounds;
    private final StreamEvents out;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean cancelled;
    private boolean wroteAny;
    private long tokens;
    // guarded by this
    private int round;
    private Generation current;

    ToolRounds(LmStudioClient client, String model, Double temperature, List<ChatTurn> turns, Toolbox toolbox,
               int maxRounds, StreamEvents out) {
        this.client = client;
        this.model = model;
        this.temperature = temperature;
        this.turns = new ArrayList<>(turns);
        this.toolbox = toolbox;
        this.maxRounds = maxRounds;
        this.out = out;
    }

    /** Starts an answer in rounds; what it writes and how it ends go to {@code out}. Returns its Stop. */
    public static Runnable start(LmStudioClient client, String model, List<ChatTurn> turns, Toolbox toolbox,
                                 int maxRounds, StreamEvents out) {
        ToolRounds rounds = new ToolRounds(client, model, null, turns, toolbox, maxRounds, out);
        rounds.start();
        return rounds::cancel;
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
                    wroteAny |= !content.isEmpty();
                    out.onDelta(content, reasoning);
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
            String note = (wroteAny ? "\n\n" : "") + "(Stopped after " + maxRounds
                    + " rounds of tool calls, the most one answer may make.)";
            out.onDelta(note, "");
            finish(new StreamEvents.Outcome(FinishReason.STOP, o.stats(), o.model(), null, null));
            return;
        }
        log.debug("round {} asks for {} tool calls", done, o.toolCalls().size());
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
        out.onEnd(whole);
    }
}
