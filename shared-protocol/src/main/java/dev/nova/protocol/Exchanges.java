package dev.nova.protocol;

import dev.nova.protocol.ServerMessage.ChatMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which answer counts for each question of an assistant thread: the last one stored for it (its
 * {@code reply_to}; an answer stored before {@code reply_to} existed answers the question before
 * it). Earlier answers to a question (regenerated, retried) are superseded. The server sends the
 * model these; clients show these.
 */
public final class Exchanges {
    private Exchanges() {}

    /**
     * A question and the answer that counts for it, in page order. {@code answer} is null for a
     * question not answered (yet); {@code question} is null for an answer whose question is not in
     * the page.
     */
    public record Exchange(ChatMessage question, ChatMessage answer) {}

    /** The page's messages (oldest first) as exchanges; answers are the assistant's messages (final ones). */
    public static List<Exchange> of(List<ChatMessage> page) {
        Map<String, ChatMessage> answerOf = new HashMap<>();
        Set<String> placed = new HashSet<>();
        String lastQuestion = null;
        for (ChatMessage m : page) {
            if (!isAnswer(m)) {
                lastQuestion = m.messageId();
            } else {
                String q = m.replyTo() != null ? m.replyTo() : lastQuestion;
                if (q != null) {
                    answerOf.put(q, m);
                    placed.add(m.messageId());
                }
            }
        }
        List<Exchange> out = new ArrayList<>(page.size());
        for (ChatMessage m : page) {
            if (!isAnswer(m)) {
                out.add(new Exchange(m, answerOf.get(m.messageId())));
            } else if (!placed.contains(m.messageId())) {
                out.add(new Exchange(null, m));
            }
        }
        return out;
    }

    private static boolean isAnswer(ChatMessage m) {
        return Boolean.TRUE.equals(m.isFinal()) || "assistant".equals(m.sender());
    }
}
