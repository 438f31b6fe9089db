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

    private static long estimated(List<ChatTurn> turns) {
        return turns.stream().mapToLong(ContextFit::estimate).sum();
    }

    @Test
    void anAgentsPromptTooLongForTheContextLosesTheEndOfItsTaskFirstAndSaysWhere() {
        ChatTurn instructions = ChatTurn.system("Plan it. Reply with JSON only: {\"steps\": [...]}");
        ChatTurn task = ChatTurn.user("Request: " + "compare the two databases in every way ".repeat(100));
        ContextFit.Prompt p = ContextFit.fitPrompt(List.of(instructions, task), 256, null);
        assertThat(p.cut()).isTrue();
        assertThat(p.turns().get(0)).as("the instructions whole").isEqualTo(instructions);
        assertThat(p.turns().get(1).content()).startsWith("Request: compare the two databases")
                .endsWith(ContextFit.CUT);
        assertThat(estimated(p.turns())).isLessThanOrEqualTo(256 - ContextFit.reserve(256, null));

        ContextFit.Prompt fits = ContextFit.fitPrompt(List.of(instructions, ChatTurn.user("Request: hi")), 256, null);
        assertThat(fits.cut()).isFalse();
        assertThat(ContextFit.fitPrompt(List.of(instructions, task), -1, null).turns()).as("context not known: whole")
                .containsExactly(instructions, task);
    }

    @Test
    void instructionsThatLeaveTheTaskNoRoomAreCutTooAndTheTaskKeepsAQuarter() {
        ChatTurn instructions = ChatTurn.system("Be careful. ".repeat(200));
        ChatTurn task = ChatTurn.user("Step: the task " + "with details ".repeat(50));
        ContextFit.Prompt p = ContextFit.fitPrompt(List.of(instructions, task), 256, 64);
        long budget = 256 - ContextFit.reserve(256, 64);
        assertThat(estimated(p.turns())).isLessThanOrEqualTo(budget);
        assertThat(p.turns().get(0).content()).startsWith("Be careful.").endsWith(ContextFit.CUT);
        assertThat(ContextFit.estimate(p.turns().get(1))).isGreaterThanOrEqualTo(budget / 4 - 1);
        assertThat(p.turns().get(1).content()).startsWith("Step: the task");
    }
}
