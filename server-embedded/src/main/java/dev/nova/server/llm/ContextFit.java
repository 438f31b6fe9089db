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
final class ContextFit {
    private ContextFit() {}

    /** What is sent: the turns in order, their estimated tokens, and how many earlier messages were left out. */
    record Fitted(List<ChatTurn> turns, long promptTokens, int leftOut) {}

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

    static Fitted fit(ChatTurn system, List<ChatTurn> earlier, ChatTurn question, long contextTokens, Integer maxTokens) {
        long budget = contextTokens - reserve(contextTokens, maxTokens);
        long used = estimate(question) + (system == null ? 0 : estimate(system));
        int from = earlier.size();
        while (from > 0 && used + estimate(earlier.get(from - 1)) <= budget) {
            used += estimate(earlier.get(from - 1));
            from--;
        }
        // whole exchanges: the oldest turn sent is a question, never an answer whose question stayed out
        while (from < earlier.size() && !"user".equals(earlier.get(from).role())) {
            used -= estimate(earlier.get(from));
            from++;
        }
        List<ChatTurn> turns = new ArrayList<>(earlier.size() - from + 2);
        if (system != null) {
            turns.add(system);
        }
        turns.addAll(earlier.subList(from, earlier.size()));
        turns.add(question);
        return new Fitted(turns, used, from);
    }
}
