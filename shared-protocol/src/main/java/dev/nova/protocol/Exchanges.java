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

    /**
     * One branch of a thread whose questions were edited. A question asked again edited
     * ({@code edit_of}: the first version's id) starts a branch: each version of a question holds
     * the messages stored after it up to the next version of the same question, and those after
     * the last version are the last version's. {@code chosen} picks, by first version's id, the
     * version whose branch is shown; a question not in it shows its latest version in
     * {@code messages}. Answers go with their question ({@code reply_to}) wherever they are
     * stored. {@code messages} is oldest first; so is the result.
     */
    public static List<ChatMessage> branch(List<ChatMessage> messages, Map<String, String> chosen) {
        Map<String, List<Integer>> versions = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (m.editOf() != null) {
                versions.computeIfAbsent(m.editOf(), r -> new ArrayList<>()).add(i);
            }
        }
        if (versions.isEmpty()) {
            return messages;
        }
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            at.put(messages.get(i).messageId(), i);
        }
        versions.forEach((root, edits) -> {
            Integer first = at.get(root);
            if (first != null) {
                edits.add(0, first);
            }
        });
        Set<String> entered = new HashSet<>();
        Set<String> kept = new HashSet<>();
        List<ChatMessage> flow = new ArrayList<>();
        int end = messages.size();
        int i = 0;
        while (i < end) {
            ChatMessage m = messages.get(i);
            String root = m.editOf() != null ? m.editOf() : versions.containsKey(m.messageId()) ? m.messageId() : null;
            if (root != null && !isAnswer(m) && entered.add(root)) {
                List<Integer> vs = versions.get(root);
                int pick = vs.get(vs.size() - 1);
                String want = chosen.get(root);
                for (int v : vs) {
                    if (messages.get(v).messageId().equals(want)) {
                        pick = v;
                    }
                }
                int after = vs.indexOf(pick) + 1;
                if (after < vs.size()) {
                    end = Math.min(end, vs.get(after)); // the later versions' branches are not this one
                }
                if (pick != i) {
                    i = pick;
                    continue;
                }
            }
            if (!isAnswer(m) || m.replyTo() == null) {
                flow.add(m);
                if (!isAnswer(m)) {
                    kept.add(m.messageId());
                }
            }
            i++;
        }
        // answers that name their question go with it, wherever they were stored (a retry comes later)
        List<ChatMessage> out = new ArrayList<>(flow.size() + 4);
        Set<String> inFlow = new HashSet<>();
        flow.forEach(m -> inFlow.add(m.messageId()));
        for (ChatMessage m : messages) {
            if (inFlow.contains(m.messageId()) || isAnswer(m) && m.replyTo() != null && kept.contains(m.replyTo())) {
                out.add(m);
            }
        }
        return out;
    }

    /** The versions of the question whose first version is {@code root}, oldest first (ids), as {@code messages} hold them. */
    public static List<String> versions(List<ChatMessage> messages, String root) {
        return versionsByRoot(messages).getOrDefault(root, List.of(root));
    }

    /**
     * Every edited question's versions (ids, oldest first) by first version's id, in one pass;
     * questions never edited are not in it.
     */
    public static Map<String, List<String>> versionsByRoot(List<ChatMessage> messages) {
        Map<String, List<String>> edits = new HashMap<>();
        for (ChatMessage m : messages) {
            if (m.editOf() != null) {
                edits.computeIfAbsent(m.editOf(), r -> new ArrayList<>()).add(m.messageId());
            }
        }
        if (edits.isEmpty()) {
            return Map.of();
        }
        Set<String> roots = new HashSet<>();
        for (ChatMessage m : messages) {
            if (edits.containsKey(m.messageId())) {
                roots.add(m.messageId());
            }
        }
        Map<String, List<String>> out = new HashMap<>();
        edits.forEach((root, ids) -> {
            List<String> all = new ArrayList<>(ids.size() + 1);
            if (roots.contains(root)) {
                all.add(root);
            }
            all.addAll(ids);
            out.put(root, all);
        });
        return out;
    }

    private static boolean isAnswer(ChatMessage m) {
        return Boolean.TRUE.equals(m.isFinal()) || "assistant".equals(m.sender());
    }
}
