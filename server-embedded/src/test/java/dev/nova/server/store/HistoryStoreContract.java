package dev.nova.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.AgentWork;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.Stats;
import dev.nova.server.config.RetentionRule;
import dev.nova.server.store.HistoryStore.Answer;
import dev.nova.server.store.HistoryStore.Appended;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.store.HistoryStore.Page;
import dev.nova.server.store.HistoryStore.StreamHead;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HistoryStore} does, whichever adapter: the embedded one (SQLite) and the
 * team server's (Redis) run these same tests.
 */
public abstract class HistoryStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    /** The store under test, empty. */
    protected abstract HistoryStore history();

    protected Appended post(String stream, String thread, String sender, String text, String clientId, Instant at) {
        return history().append(stream, new NewMessage(thread, sender, text, clientId, at));
    }

    @Test
    void aNewStreamHasOffsetZeroAndAnEpochThatStays() {
        StreamHead head = history().head("news");
        assertThat(head.offset()).isZero();
        assertThat(head.epoch()).isNotBlank();
        assertThat(history().head("news")).isEqualTo(head);
        assertThat(history().head("other").epoch()).isNotNull();
        assertThat(history().oldest("news")).isEqualTo(1);
    }

    @Test
    void deletedMessagesGoAndTheOthersKeepTheirOffsets() {
        var a = history().append("@assistant/ann", new HistoryStore.NewMessage("t1", "ann", "keep", null, T0)).message();
        var b = history().append("@assistant/ann", new HistoryStore.NewMessage("t1", "ann", "drop", null, T0)).message();
        var c = history().append("@assistant/ann", new HistoryStore.NewMessage("t1", "assistant", "drop too", null, T0,
                new HistoryStore.Answer(null, dev.nova.protocol.FinishReason.STOP, null, null, null))).message();
        assertThat(history().delete("@assistant/ann", List.of(b, c))).isEqualTo(2);
        assertThat(history().before("@assistant/ann", "t1", null, 10).messages()).containsExactly(a);
        var d = history().append("@assistant/ann", new HistoryStore.NewMessage("t1", "ann", "next", null, T0)).message();
        assertThat(d.offset()).as("offsets are not reused").isEqualTo(c.offset() + 1);
        assertThat(history().delete("@assistant/ann", List.of(b))).as("gone already").isZero();
    }

    @Test
    void anEditedQuestionKeepsWhichQuestionItAsksAgain() {
        var first = history().append("@assistant/ann", new HistoryStore.NewMessage("t1", "ann", "two days", null, T0)).message();
        var edit = history().append("@assistant/ann", new HistoryStore.NewMessage("t1", "ann", "three days", null,
                T0.plusSeconds(1), null, first.messageId())).message();
        assertThat(edit.editOf()).isEqualTo(first.messageId());
        assertThat(history().find("@assistant/ann", edit.messageId()).orElseThrow().editOf()).isEqualTo(first.messageId());
        assertThat(history().before("@assistant/ann", "t1", null, 10).messages())
                .extracting(m -> m.editOf()).containsExactly(null, first.messageId());
    }

    @Test
    void offsetsGrowByOnePerMessageAndReadBackInOrder() {
        for (int i = 1; i <= 5; i++) {
            Appended a = post("news", "news", "ann", "m" + i, null, T0.plusSeconds(i));
            assertThat(a.duplicate()).isFalse();
            assertThat(a.message().offset()).isEqualTo(i);
            assertThat(a.message().content()).isEqualTo("m" + i);
            assertThat(a.message().messageId()).isNotBlank();
        }
        post("other", "other", "bob", "elsewhere", null, T0);
        assertThat(history().head("news").offset()).isEqualTo(5);
        assertThat(history().after("news", 2, 10)).extracting(ChatMessage::content).containsExactly("m3", "m4", "m5");
        assertThat(history().after("news", 0, 2)).extracting(ChatMessage::offset).containsExactly(1L, 2L);
        assertThat(history().after("news", 5, 10)).isEmpty();
        ChatMessage third = history().after("news", 2, 1).get(0);
        assertThat(third.sender()).isEqualTo("ann");
        assertThat(third.threadId()).isEqualTo("news");
        assertThat(third.createdAt()).isEqualTo("2026-01-05T10:00:03.000Z");
        assertThat(history().head("other").offset()).isEqualTo(1);
    }

    @Test
    void aRetriedClientMessageIdIsStoredOnceAndAnsweredWithTheOriginal() {
        Appended first = post("news", "news", "ann", "hello", "c-1", T0);
        Appended again = post("news", "news", "ann", "hello", "c-1", T0.plusSeconds(1));
        Appended otherSender = post("news", "news", "bob", "hello", "c-1", T0);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message().messageId()).isEqualTo(first.message().messageId());
        assertThat(again.message().offset()).isEqualTo(1);
        assertThat(otherSender.duplicate()).isFalse();
        assertThat(history().head("news").offset()).isEqualTo(2);
    }

    @Test
    void aMessageIsFoundByItsId() {
        post("news", "news", "ann", "one", null, T0);
        Appended two = post("news", "news", "ann", "two", null, T0);
        assertThat(history().find("news", two.message().messageId())).map(ChatMessage::content).contains("two");
        assertThat(history().find("news", "m-nope")).isEmpty();
        assertThat(history().find("other", two.message().messageId())).isEmpty();
    }

    @Test
    void pagesGoBackwardsOptionallyInOneThread() {
        for (int i = 1; i <= 10; i++) {
            post("@assistant/ann", i % 2 == 0 ? "even" : "odd", "ann", "m" + i, null, T0.plusSeconds(i));
        }
        Page newest = history().before("@assistant/ann", null, null, 3);
        assertThat(newest.messages()).extracting(ChatMessage::content).containsExactly("m8", "m9", "m10");
        assertThat(newest.hasMore()).isTrue();
        Page evens = history().before("@assistant/ann", "even", 9L, 3);
        assertThat(evens.messages()).extracting(ChatMessage::content).containsExactly("m4", "m6", "m8");
        assertThat(evens.hasMore()).isTrue();
        Page rest = history().before("@assistant/ann", "even", 4L, 10);
        assertThat(rest.messages()).extracting(ChatMessage::content).containsExactly("m2");
        assertThat(rest.hasMore()).isFalse();
    }

    @Test
    void anAnswerKeepsItsModelReasonFiguresQuestionAndError() {
        Appended q = post("@assistant/ann", "t", "ann", "why?", null, T0);
        history().append("@assistant/ann", new NewMessage("t", "assistant", "because", null, T0.plusSeconds(1),
                new Answer("tiny", FinishReason.ERROR, new Stats(12L, 40L, 30.5), q.message().messageId(),
                        "LM Studio is not reachable")));
        ChatMessage a = history().after("@assistant/ann", 1, 1).get(0);
        assertThat(a.model()).isEqualTo("tiny");
        assertThat(a.finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(a.stats()).isEqualTo(new Stats(12L, 40L, 30.5));
        assertThat(a.replyTo()).isEqualTo(q.message().messageId());
        assertThat(a.error()).isEqualTo("LM Studio is not reachable");
        assertThat(a.isFinal()).isTrue();
        ChatMessage plain = history().after("@assistant/ann", 0, 1).get(0);
        assertThat(plain.model()).isNull();
        assertThat(plain.finishReason()).isNull();
    }

    @Test
    void anAnswerTheAgentsWorkedOutKeepsTheirWork() {
        Appended q = post("@assistant/ann", "t", "ann", "/plan compare", null, T0);
        List<AgentWork> work = List.of(
                new AgentWork("coordinator", "Plan", "{\"steps\":[{\"title\":\"A\"", FinishReason.LENGTH, null),
                new AgentWork("researcher", "A", "found it", FinishReason.STOP, null),
                new AgentWork("writer", "B", "", FinishReason.ERROR, "No models loaded."));
        history().append("@assistant/ann", new NewMessage("t", "assistant", "### A\n\nfound it", null, T0.plusSeconds(1),
                new Answer(null, FinishReason.STOP, null, q.message().messageId(), null, work)));
        ChatMessage a = history().after("@assistant/ann", 1, 1).get(0);
        assertThat(a.work()).isEqualTo(work);
        assertThat(history().before("@assistant/ann", "t", null, 10).messages().get(1).work()).isEqualTo(work);
        assertThat(history().after("@assistant/ann", 0, 1).get(0).work()).isNull();
    }

    @Test
    void aCountRuleKeepsTheNewestStoredMessagesWhateverTheirOffsets() {
        for (int i = 1; i <= 10; i++) {
            post("news", "news", "ann", "m" + i, null, T0.plusSeconds(i * 60L));
        }
        // gaps in the offsets (deleted messages) do not make the rule keep fewer than it says
        history().delete("news", history().after("news", 7, 2)); // offsets 8 and 9 gone
        assertThat(history().trim("news", new RetentionRule(4, null), T0)).isEqualTo(4);
        assertThat(history().after("news", 0, 100)).extracting(ChatMessage::offset).containsExactly(5L, 6L, 7L, 10L);
        assertThat(history().oldest("news")).isEqualTo(5);
        assertThat(history().trim("news", new RetentionRule(4, null), T0)).as("nothing more to do").isZero();
        Appended next = post("news", "news", "ann", "m11", null, T0.plusSeconds(11 * 60L));
        assertThat(next.message().offset()).isEqualTo(11); // offsets are never reused
        assertThat(history().head("news").offset()).isEqualTo(11);
    }

    @Test
    void anAgeRuleDropsWhatWasCreatedTooLongAgo() {
        for (int i = 1; i <= 10; i++) {
            post("news", "news", "ann", "m" + i, null, T0.plusSeconds(i * 60L));
        }
        // at minute 18, a 10-minute rule keeps what came from minute 8 on
        int gone = history().trim("news", new RetentionRule(null, java.time.Duration.ofMinutes(10)),
                T0.plusSeconds(18 * 60L));
        assertThat(gone).isEqualTo(7);
        assertThat(history().after("news", 0, 100)).extracting(ChatMessage::offset).containsExactly(8L, 9L, 10L);
        // both bounds at once: whichever removes more
        assertThat(history().trim("news", new RetentionRule(1, java.time.Duration.ofDays(1)), T0.plusSeconds(18 * 60L)))
                .isEqualTo(2);
        assertThat(history().after("news", 0, 100)).extracting(ChatMessage::offset).containsExactly(10L);
        assertThat(history().trim("news", RetentionRule.KEEP_ALL, T0.plusSeconds(1_000_000))).isZero();
        assertThat(history().after("news", 0, 100)).hasSize(1);
    }

    @Test
    void aTrimRemovesMoreThanOneBatchAndKeepsExactlyTheNewest() {
        for (int i = 1; i <= 1200; i++) {
            post("busy", "busy", "ann", "m" + i, null, T0.plusSeconds(i));
        }
        assertThat(history().trim("busy", new RetentionRule(100, null), T0)).isEqualTo(1100);
        assertThat(history().after("busy", 0, 10_000)).extracting(ChatMessage::offset)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1101, 1200).boxed().toList());
    }

    @Test
    void channelStreamsAreEveryStreamButAssistantStreams() {
        post("news", "news", "ann", "hi", null, T0);
        post("general", "general", "bob", "hi", null, T0);
        post("@assistant/ann", "t1", "ann", "mine", null, T0);
        assertThat(history().channelStreams()).contains("news", "general").doesNotContain("@assistant/ann");
    }
}
