package dev.nova.server.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * As much of a thread as fits the model's context: the system prompt and the question always,
 * then the earlier turns newest first while they fit, in whole exchanges (an answer is not sent
 * without its question). Room is kept for the answer. Tokens are estimated (about three
 * characters a token, plus a few for each message's role), on the safe side, since the model
 * server's tokenizer is not at hand.
 */
public final class ContextFit {
    private ContextFit() {}

    /** What is sent: the turns in order, their estimated tokens, and how many earlier messages were left out. */
    public record Fitted(List<ChatTurn> turns, long promptTokens, int leftOut) {
        /** What the answer's figures say of it, for a model whose context holds {@code contextTokens}. */
        public ContextUse use(long contextTokens) {
            return new ContextUse(promptTokens, contextTokens, leftOut);
        }
    }

    /** How a thread fitted the model's context: the answer's {@code prompt_tokens}, {@code context_tokens}, {@code left_out}. */
    public record ContextUse(long promptTokens, long contextTokens, long leftOut) {
        /** {@code answer}'s figures (none: no tokens yet) with these. */
        dev.nova.protocol.Stats on(dev.nova.protocol.Stats answer) {
            dev.nova.protocol.Stats s = answer != null ? answer : new dev.nova.protocol.Stats(0L, null, null);
            return s.withContext(promptTokens, contextTokens, leftOut);
        }
    }

    private static final java.util.regex.Pattern OVERFLOW = java.util.regex.Pattern.compile(
            "request \\((\\d+) tokens\\) exceeds the available context size");

    /**
     * The tokens the model server counted in a prompt it refused as too long for its context
     * (llama.cpp: "request (273 tokens) exceeds the available context size (256 tokens)"); 0 when
     * it refused it as too long without a figure; -1 when the error is another one.
     */
    static long overflowTokens(String error) {
        if (error == null) {
            return -1;
        }
        java.util.regex.Matcher m = OVERFLOW.matcher(error);
        if (m.find()) {
            return Long.parseLong(m.group(1));
        }
        String lower = error.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("context") && (lower.contains("exceed") || lower.contains("overflow")) ? 0 : -1;
    }

    static long estimate(ChatTurn t) {
        return (t.content().length() + 2) / 3 + 4;
    }

    /** Tokens kept free for the answer: the length limit when one is set (at most half), else a quarter. */
    static long reserve(long contextTokens, Integer maxTokens) {
        if (maxTokens != null && maxTokens > 0) {
            return Math.min(maxTokens, contextTokens / 2);
        }
        return Math.max(16, contextTokens / 4);
    }

    /** {@code contextTokens} <= 0: not known, so no limit (every earlier turn given is sent). */
    public static Fitted fit(ChatTurn system, List<ChatTurn> earlier, ChatTurn question, long contextTokens, Integer maxTokens) {
        return fit(system, earlier, question, contextTokens, maxTokens, 1.0);
    }

    /**
     * {@link #fit}, each turn counted {@code scale} times its estimate (after the model server said
     * a prompt was longer than estimated: its tokenizer makes more of this text).
     */
    public static Fitted fit(ChatTurn system, List<ChatTurn> earlier, ChatTurn question, long contextTokens, Integer maxTokens,
                      double scale) {
        long budget = contextTokens > 0 ? (long) ((contextTokens - reserve(contextTokens, maxTokens)) / scale)
                : Long.MAX_VALUE;
        long used = estimate(question) + (system == null ? 0 : estimate(system));
        int from = earlier.size();
        while (from > 0 && used + estimate(earlier.get(from - 1)) <= budget) {
            used += estimate(earlier.get(from - 1));
            from--;
        }
        // whole exchanges: when turns were left out, the oldest sent is a question, not an answer whose question stayed out
        while (from > 0 && from < earlier.size() && !"user".equals(earlier.get(from).role())) {
            used -= estimate(earlier.get(from));
            from++;
        }
        List<ChatTurn> turns = new ArrayList<>(earlier.size() - from + 2);
        if (system != null) {
            turns.add(system);
        }
        turns.addAll(earlier.subList(from, earlier.size()));
        turns.add(question);
        return new Fitted(turns, Math.round(used * scale), from);
    }

    /** An agent's prompt as sent, and whether it had to be cut to fit. */
    public record Prompt(List<ChatTurn> turns, boolean cut) {}

    /** What marks where a prompt was cut. */
    static final String CUT = "\n[... cut to fit the model's context]";

    /**
     * A prompt of a system turn and one user turn (an agent's task, a template run on a text), cut
     * to fit the model's context with room for the answer: the end of the user turn goes first;
     * the system prompt is kept whole unless it leaves the user turn less than a quarter of the
     * room, then its end goes too.
     * {@code contextTokens} <= 0: not known, sent whole.
     */
    public static Prompt fitPrompt(List<ChatTurn> turns, long contextTokens, Integer maxTokens) {
        if (contextTokens <= 0 || turns.isEmpty()) {
            return new Prompt(turns, false);
        }
        long budget = Math.max(8, contextTokens - reserve(contextTokens, maxTokens));
        long used = turns.stream().mapToLong(ContextFit::estimate).sum();
        if (used <= budget) {
            return new Prompt(turns, false);
        }
        ChatTurn last = turns.get(turns.size() - 1);
        List<ChatTurn> before = turns.subList(0, turns.size() - 1);
        long others = before.stream().mapToLong(ContextFit::estimate).sum();
        long userAtLeast = budget / 4; // the task itself, or what is left of it
        List<ChatTurn> out = new ArrayList<>();
        if (others + userAtLeast <= budget) {
            out.addAll(before); // the instructions whole (an agent's reply format is in them)
            out.add(cut(last, budget - others));
        } else {
            long each = (budget - userAtLeast) / Math.max(1, before.size());
            for (ChatTurn t : before) {
                out.add(cut(t, each));
            }
            out.add(cut(last, userAtLeast));
        }
        return new Prompt(out, true);
    }

    /** {@code t} with at most {@code tokens} (estimated), its end cut and marked. */
    private static ChatTurn cut(ChatTurn t, long tokens) {
        if (estimate(t) <= tokens) {
            return t;
        }
        int keep = (int) Math.max(0, Math.min(t.content().length(), (tokens - 4) * 3 - 2 - CUT.length()));
        return new ChatTurn(t.role(), t.content().substring(0, keep).stripTrailing() + CUT);
    }
}
