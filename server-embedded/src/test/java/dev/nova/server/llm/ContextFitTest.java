package dev.nova.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextFitTest {
    private static final ChatTurn SYSTEM = ChatTurn.system("You are terse.");
    private static final ChatTurn QUESTION = ChatTurn.user("And now?");

    /** {@code n} exchanges of about {@code chars} characters a turn. */
    private static List<ChatTurn> exchanges(int n, int chars) {
        List<ChatTurn> turns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            turns.add(ChatTurn.user("q" + i + " " + "x".repeat(chars)));
            turns.add(ChatTurn.assistant("a" + i + " " + "y".repeat(chars)));
        }
        return turns;
    }

    @Test
    void withoutAKnownContextEverythingGivenIsSent() {
        ContextFit.Fitted f = ContextFit.fit(SYSTEM, exchanges(30, 300), QUESTION, 0, null);
        assertThat(f.leftOut()).isZero();
        assertThat(f.turns()).hasSize(62).startsWith(SYSTEM).endsWith(QUESTION);
    }

    @Test
    void theNewestWholeExchangesThatFitAreSentTheSystemPromptAndQuestionAlways() {
        List<ChatTurn> earlier = exchanges(30, 300); // about 100 tokens a turn
        ContextFit.Fitted f = ContextFit.fit(SYSTEM, earlier, QUESTION, 1024, null);
        assertThat(f.turns().get(0)).isEqualTo(SYSTEM);
        assertThat(f.turns().get(f.turns().size() - 1)).isEqualTo(QUESTION);
        assertThat(f.leftOut()).isPositive().isEven(); // whole exchanges
        assertThat(f.turns().get(1).role()).as("the oldest sent is a question").isEqualTo("user");
        assertThat(f.turns().get(f.turns().size() - 2).content()).startsWith("a29");
        assertThat(f.promptTokens()).as("room kept for the answer: a quarter").isLessThanOrEqualTo(1024 - 1024 / 4);
    }

    @Test
    void aLengthLimitKeepsThatMuchRoomButNeverMoreThanHalf() {
        assertThat(ContextFit.reserve(4096, 512)).isEqualTo(512);
        assertThat(ContextFit.reserve(4096, 100_000)).isEqualTo(2048);
        assertThat(ContextFit.reserve(4096, null)).isEqualTo(1024);
        assertThat(ContextFit.reserve(40, null)).as("never below 16").isEqualTo(16);
    }

    @Test
    void countingEachTurnAsMoreTokensSendsLess() {
        List<ChatTurn> earlier = exchanges(30, 300);
        int asEstimated = ContextFit.fit(SYSTEM, earlier, QUESTION, 4096, null).turns().size();
        int scaled = ContextFit.fit(SYSTEM, earlier, QUESTION, 4096, null, 2.0).turns().size();
        assertThat(scaled).isLessThan(asEstimated);
    }

    @Test
    void aModelServersTooLongErrorGivesTheTokensItCounted() {
        assertThat(ContextFit.overflowTokens("request (273 tokens) exceeds the available context size (256 tokens)"))
                .isEqualTo(273);
        assertThat(ContextFit.overflowTokens("the prompt exceeds the context window")).isZero();
        assertThat(ContextFit.overflowTokens("model not loaded")).isEqualTo(-1);
        assertThat(ContextFit.overflowTokens(null)).isEqualTo(-1);
    }
}
