package dev.nova.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Branches of a thread whose questions were edited and asked again. */
class ExchangesBranchTest {
    private final List<ChatMessage> thread = new ArrayList<>();

    private ChatMessage q(String id, String editOf) {
        ChatMessage m = new ChatMessage(id, "t", id, (long) thread.size() + 1, "ada", null, null, null, null, null,
                null, null, null, null, editOf);
        thread.add(m);
        return m;
    }

    private ChatMessage a(String id, String replyTo) {
        ChatMessage m = new ChatMessage(id, "t", id, (long) thread.size() + 1, "assistant", null, true, id, null,
                FinishReason.STOP, null, replyTo, null, null);
        thread.add(m);
        return m;
    }

    private List<String> shown(Map<String, String> chosen) {
        return Exchanges.branch(thread, chosen).stream().map(ChatMessage::messageId).toList();
    }

    @Test
    void aThreadWithoutEditsIsItself() {
        q("q1", null);
        a("a1", "q1");
        assertThat(shown(Map.of())).containsExactly("q1", "a1");
    }

    @Test
    void theLatestVersionShowsByDefaultAndAnEarlierOneShowsItsOwnBranch() {
        q("q1", null);
        a("a1", "q1");
        q("q2", null);
        a("a2", "q2");
        q("q1b", "q1"); // q1 edited: a new branch from q1 on
        a("a1b", "q1b");
        q("q3", null);
        a("a3", null); // an answer stored before reply_to existed answers the question before it
        assertThat(shown(Map.of())).containsExactly("q1b", "a1b", "q3", "a3");
        assertThat(shown(Map.of("q1", "q1"))).containsExactly("q1", "a1", "q2", "a2");
        assertThat(Exchanges.versions(thread, "q1")).containsExactly("q1", "q1b");
    }

    @Test
    void editsInsideABranchAndARetryStoredLaterStayWhereTheyBelong() {
        q("q1", null);
        a("a1", "q1");
        q("q2", null);
        a("a2", "q2");
        q("q2b", "q2"); // q2 edited
        a("a2b", "q2b");
        q("q1b", "q1"); // then q1 edited: its branch holds neither q2 version
        a("a1b", "q1b");
        a("a2-retry", "q2"); // q2's answer retried afterwards: it goes with q2, in q1's first branch
        assertThat(shown(Map.of())).containsExactly("q1b", "a1b");
        assertThat(shown(Map.of("q1", "q1"))).containsExactly("q1", "a1", "q2b", "a2b");
        assertThat(shown(Map.of("q1", "q1", "q2", "q2"))).containsExactly("q1", "a1", "q2", "a2", "a2-retry");
        assertThat(Exchanges.of(Exchanges.branch(thread, Map.of("q1", "q1", "q2", "q2"))))
                .extracting(e -> e.answer().messageId()).as("the retry counts for q2").containsExactly("a1", "a2-retry");
    }
}
