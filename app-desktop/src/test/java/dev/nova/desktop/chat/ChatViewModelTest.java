package dev.nova.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import dev.nova.protocol.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The chat view model without JavaFX running: frames in, flush per pulse, state out. */
class ChatViewModelTest {
    private final List<ClientMessage> sent = new ArrayList<>();
    private final ChatViewModel vm = new ChatViewModel((channel, m) -> sent.add(m), "assistant");

    private static LlmChunk piece(String id, String text) {
        return LlmChunk.piece(id, text);
    }

    private static LlmChunk last(String id, FinishReason reason) {
        return new LlmChunk("", true, id, null, reason, new Stats(2L, 140L, 52.5), "gemma", null, null);
    }

    @Test
    void aQuestionAndItsStreamedAnswerAppearAndTheStoredAnswerCompletesIt() {
        vm.received(ChatMessage.of("Hi?", "assistant", "m-1", 1, "ada", null));
        vm.flush();
        assertThat(vm.messages()).hasSize(1);
        vm.received(piece("answer-m-1", "Hel"));
        vm.flush();
        MessageItem answer = vm.messages().get(1);
        assertThat(answer.streaming().get()).isTrue();
        assertThat(vm.answering().get()).isTrue();
        vm.received(piece("answer-m-1", "lo"));
        vm.received(last("answer-m-1", FinishReason.STOP));
        vm.flush();
        assertThat(answer.text().get()).isEqualTo("Hello");
        assertThat(answer.streaming().get()).isFalse();
        assertThat(answer.finish().get()).isEqualTo(FinishReason.STOP);
        assertThat(answer.figures()).isEqualTo("gemma · 52.5 tok/s · 140 ms to first token");
        assertThat(vm.answering().get()).isFalse();
        vm.received(new ChatMessage("Hello", "assistant", "m-2", 2L, "assistant", null, true, "Hello", "gemma",
                FinishReason.STOP, null));
        vm.flush();
        assertThat(vm.messages()).hasSize(2);
        assertThat(answer.messageId()).isEqualTo("m-2");
    }

    @Test
    void manyTokensBetweenTwoPulsesBecomeOneTextUpdate() {
        vm.received(piece("r", "first"));
        vm.flush();
        MessageItem answer = vm.messages().get(0);
        AtomicInteger updates = new AtomicInteger();
        answer.text().addListener((obs, was, now) -> updates.incrementAndGet());
        for (int i = 0; i < 500; i++) {
            vm.received(piece("r", "."));
        }
        vm.flush();
        assertThat(updates).hasValue(1);
        assertThat(answer.text().get()).hasSize(5 + 500);
    }

    @Test
    void twoAnswersStreamingAtOnceStayApart() {
        vm.received(piece("a", "A1"));
        vm.received(piece("b", "B1"));
        vm.received(piece("a", "A2"));
        vm.received(piece("b", "B2"));
        vm.flush();
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("A1A2", "B1B2");
    }

    @Test
    void stopCancelsUpstreamAndKeepsThePartialAnswerMarkedStopped() {
        vm.received(piece("answer-m-9", "Once upon"));
        vm.flush();
        vm.stop();
        assertThat(sent).containsExactly(new ClientMessage.LlmCancel("answer-m-9"));
        vm.received(last("answer-m-9", FinishReason.CANCELLED));
        vm.flush();
        MessageItem answer = vm.messages().get(0);
        assertThat(answer.text().get()).isEqualTo("Once upon");
        assertThat(answer.finish().get()).isEqualTo(FinishReason.CANCELLED);
    }

    @Test
    void sendIgnoresBlankTextAndRegenerateAsksTheLastQuestionAgain() {
        vm.connectedAs("ada");
        vm.send("   ");
        assertThat(sent).isEmpty();
        vm.send(" What is 2+2? ");
        assertThat(sent).singleElement().satisfies(posted("What is 2+2?", "assistant"));
        vm.received(ChatMessage.of("What is 2+2?", "assistant", "m-1", 1, "ada", null));
        vm.received(piece("answer-m-1", "4"));
        vm.received(last("answer-m-1", FinishReason.STOP));
        vm.flush();
        sent.clear();
        vm.regenerate();
        assertThat(sent).as("the stored question is answered again, not posted again")
                .containsExactly(new ClientMessage.Regenerate("m-1", null));
        MessageItem old = vm.messages().get(1);
        vm.received(piece("answer-m-1", "Four"));
        vm.flush();
        assertThat(vm.messages()).as("the new answer takes the old one's place").hasSize(2);
        assertThat(vm.messages().get(0).text().get()).isEqualTo("What is 2+2?");
        assertThat(vm.messages().get(1)).isNotSameAs(old);
        assertThat(vm.messages().get(1).text().get()).isEqualTo("Four");
    }

    @Test
    void aStoredFailedAnswerShowsItsReasonOffersRetryAndOnlyTheLatestAnswerToAQuestionIsShown() {
        ChatMessage q = ChatMessage.of("Sky?", "assistant", "m-1", 1, "ada", null);
        ChatMessage failed = new ChatMessage("", "assistant", "m-2", 2L, "assistant", null, true, "", null,
                FinishReason.ERROR, null, "m-1", "LM Studio is not reachable at http://localhost:1234/v1 - start its"
                + " local server (Developer tab, or: lms server start)");
        vm.showHistory(null, new ServerMessage.History("assistant", List.of(q, failed), false));
        MessageItem shown = vm.messages().get(1);
        assertThat(shown.error().get()).endsWith("lms server start)");
        assertThat(shown.retryable()).isTrue();
        assertThat(ThreadExport.markdown("Sky", vm.messages()))
                .contains("_(Failed: LM Studio is not reachable at http://localhost:1234/v1 - start its local server");
        vm.retry(shown);
        assertThat(sent).contains(new ClientMessage.Regenerate("m-1", null));

        ChatMessage better = new ChatMessage("Blue.", "assistant", "m-5", 5L, "assistant", null, true, "Blue.", null,
                FinishReason.STOP, null, "m-1", null);
        ChatMessage later = ChatMessage.of("Night?", "assistant", "m-3", 3, "ada", null);
        ChatMessage laterAnswer = new ChatMessage("Dark.", "assistant", "m-4", 4L, "assistant", null, true, "Dark.", null,
                FinishReason.STOP, null, "m-3", null);
        vm.showHistory(null, new ServerMessage.History("assistant", List.of(q, failed, later, laterAnswer, better), false));
        assertThat(vm.messages()).extracting(m -> m.text().get()).as("each question, then its latest answer")
                .containsExactly("Sky?", "Blue.", "Night?", "Dark.");
    }

    @Test
    void reasoningIsShownApartFromTheAnswer() {
        vm.received(new LlmChunk("", false, "r", "hmm, ", null, null, null, null, null));
        vm.received(new LlmChunk("42", false, "r", null, null, null, null, null, null));
        vm.flush();
        assertThat(vm.messages().get(0).thinking().get()).isEqualTo("hmm, ");
        assertThat(vm.messages().get(0).text().get()).isEqualTo("42");
    }

    @Test
    void anErrorAboutAnAnswerThatHasEndedShowsNoPhantomAnswer() {
        vm.connectedAs("ada");
        vm.send("Quick one");
        vm.received(ChatMessage.of("Quick one", "assistant", "m-1", 1, "ada", null));
        vm.received(piece("answer-m-1", "Done."));
        vm.received(last("answer-m-1", FinishReason.STOP));
        vm.flush();
        vm.stop(); // Esc just after the end: nothing is streaming, nothing is sent
        // an older server's answer to a stop that crossed the end
        vm.received(new dev.nova.protocol.ServerMessage.Error(dev.nova.protocol.ErrorCode.NOT_FOUND,
                "no answer 'answer-m-1' is streaming on this connection", "llm_cancel", "answer-m-1"));
        vm.flush();
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("Quick one", "Done.");
        assertThat(vm.messages()).noneMatch(m -> m.streaming().get());
        assertThat(vm.answering().get()).as("Send, not Stop").isFalse();
        assertThat(sent).noneMatch(m -> m instanceof ClientMessage.LlmCancel);
    }

    @Test
    void aFailedAnswerShowsWhy() {
        vm.received(new dev.nova.protocol.ServerMessage.Error(dev.nova.protocol.ErrorCode.LLM_UNAVAILABLE,
                "LM Studio is not reachable at http://localhost:1234/v1", "llm_request", "answer-m-1"));
        vm.received(last("answer-m-1", FinishReason.ERROR));
        vm.flush();
        MessageItem answer = vm.messages().get(0);
        assertThat(answer.error().get()).startsWith("LM Studio is not reachable");
        assertThat(answer.finish().get()).isEqualTo(FinishReason.ERROR);
        assertThat(answer.streaming().get()).isFalse();
    }

    @Test
    void aTemplateQuestionIsSentAsItsCommandToTheThreadSoItIsKeptWithItsAnswer() {
        vm.send("public int f() { return 1; }", "explain_code");
        assertThat(sent).singleElement().satisfies(posted("/explain_code public int f() { return 1; }", "assistant"));
        assertThat(vm.messages()).extracting(m -> m.text().get())
                .containsExactly("/explain_code public int f() { return 1; }");
        vm.send("  two steps  ", "plan");
        assertThat(sent.get(1)).as("plan: the agents'").satisfies(posted("/plan two steps", "assistant"));
        vm.send("hello", "chat");
        assertThat(sent.get(2)).satisfies(posted("hello", "assistant"));
    }

    /** A chat message with this text to this thread, carrying a client message id (idempotent resends). */
    private static org.assertj.core.api.ThrowingConsumer<ClientMessage> posted(String content, String thread) {
        return m -> assertThat(m).isInstanceOfSatisfying(ClientMessage.ChatMessage.class, c -> {
            assertThat(c.content()).isEqualTo(content);
            assertThat(c.threadId()).isEqualTo(thread);
            assertThat(c.messageId()).startsWith("c-");
        });
    }

    @Test
    void aSentMessageShowsAtOnceAsPendingAndBecomesTheStoredOneWhenItsEchoComes() {
        vm.connectedAs("ada");
        vm.send("are you there?");
        assertThat(vm.messages()).singleElement().satisfies(m -> {
            assertThat(m.pending().get()).isTrue();
            assertThat(m.text().get()).isEqualTo("are you there?");
            assertThat(m.messageId()).isNull();
        });
        MessageItem shown = vm.messages().get(0);
        vm.open(ConversationKey.thread("other"));
        vm.open(ConversationKey.thread("assistant"));
        vm.showHistory(null, page("assistant", ChatMessage.of("earlier", "assistant", "m-1", 1, "ada", null)));
        assertThat(vm.messages()).as("still waiting, after what is stored").extracting(m -> m.text().get())
                .containsExactly("earlier", "are you there?");
        vm.received(ChatMessage.of("are you there?", "assistant", "m-2", 2, "ada", null));
        vm.flush();
        assertThat(vm.messages()).hasSize(2);
        assertThat(vm.messages().get(1)).isSameAs(shown);
        assertThat(shown.pending().get()).isFalse();
        assertThat(shown.messageId()).isEqualTo("m-2");
        vm.received(ChatMessage.of("are you there?", "assistant", "m-3", 3, "bob", null));
        vm.flush();
        assertThat(vm.messages()).as("someone else's same words are theirs").hasSize(3);
    }

    private static ServerMessage.History page(String thread, ChatMessage... messages) {
        return new ServerMessage.History(thread, List.of(messages), false);
    }

    @Test
    void openingAConversationAsksForItsHistoryAndShowsOnlyItsOwnPage() {
        vm.received(ChatMessage.of("old thread text", "assistant", "m-1", 1, "ada", null));
        vm.flush();
        sent.clear();
        vm.open(ConversationKey.thread("t-2"));
        assertThat(vm.messages()).isEmpty();
        assertThat(sent).containsExactly(new ClientMessage.History("t-2", null, ChatViewModel.PAGE));
        vm.showHistory(null, page("assistant", ChatMessage.of("not this one", "assistant", "m-1", 1, "ada", null)));
        vm.showHistory("general", new ServerMessage.History(null, List.of(), false));
        assertThat(vm.messages()).isEmpty();
        vm.received(ChatMessage.of("live, before the page", "t-2", "m-7", 7, "ada", null));
        vm.flush();
        vm.showHistory(null, page("t-2", ChatMessage.of("first", "t-2", "m-5", 5, "ada", null),
                ChatMessage.of("live, before the page", "t-2", "m-7", 7, "ada", null)));
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("first", "live, before the page");
        vm.received(ChatMessage.of("elsewhere", "assistant", "m-8", 8, "ada", null));
        vm.received("general", ChatMessage.of("in a channel", "general", "m-1", 1, "bob", null));
        vm.flush();
        assertThat(vm.messages()).hasSize(2);
    }

    @Test
    void anAnswerKeepsStreamingWhileAnotherConversationIsOpenAndShowsWhenItsOwnIsBack() {
        vm.received(ChatMessage.of("Tell a story", "assistant", "m-1", 1, "ada", null));
        vm.received(piece("answer-m-1", "Once"));
        vm.flush();
        vm.open(ConversationKey.thread("t-2"));
        assertThat(vm.answering().get()).as("nothing streams in t-2").isFalse();
        vm.received(piece("answer-m-1", " upon a time"));
        vm.flush();
        assertThat(vm.messages()).isEmpty();
        vm.stop();
        assertThat(sent).noneMatch(m -> m instanceof ClientMessage.LlmCancel);

        vm.open(ConversationKey.thread("assistant"));
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("Once upon a time");
        assertThat(vm.answering().get()).isTrue();
        vm.showHistory(null, page("assistant", ChatMessage.of("Tell a story", "assistant", "m-1", 1, "ada", null)));
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("Tell a story", "Once upon a time");
        vm.received(piece("answer-m-1", "."));
        vm.received(last("answer-m-1", FinishReason.STOP));
        vm.flush();
        assertThat(vm.messages().get(1).text().get()).isEqualTo("Once upon a time.");
        assertThat(vm.answering().get()).isFalse();
    }

    @Test
    void inAChannelMessagesGoToTheChannelAndTemplatesAreNotOffered() {
        List<String> channels = new ArrayList<>();
        ChatViewModel chat = new ChatViewModel((ch, m) -> {
            channels.add(ch);
            sent.add(m);
        }, "assistant");
        chat.connectedAs("ada");
        chat.open(ConversationKey.channel("general"));
        assertThat(sent).containsExactly(new ClientMessage.History(null, null, ChatViewModel.PAGE));
        sent.clear();
        chat.send("hello all", "summarize");
        assertThat(sent).singleElement().satisfies(posted("hello all", null));
        assertThat(channels).containsExactly("general", "general");
        chat.received("general", ChatMessage.of("hello all", "general", "m-3", 3, "ada", null));
        chat.flush();
        assertThat(chat.messages()).extracting(m -> m.text().get()).containsExactly("hello all");
        sent.clear();
        chat.regenerate();
        assertThat(sent).as("nothing is repeated into a channel").isEmpty();
    }

    private static LlmChunk agentPiece(String taskId, String text) {
        return new LlmChunk(text, false, "task-" + taskId, null, null, null, null, taskId, "researcher");
    }

    private static ServerMessage.TaskUpdate task(String id, dev.nova.protocol.TaskStatus status, String thread) {
        return new ServerMessage.TaskUpdate(id, status, "researcher", "Look it up", "research", "x", null, null, null,
                null, null, null, thread);
    }

    @Test
    void aPlannedStepStreamsIntoItsQuestionsThreadAndABoardTaskIntoNoConversation() {
        vm.received(ChatMessage.of("Research and write it up", "assistant", "m-1", 1, "ada", null));
        vm.received(piece("plan-m-1", "{\"steps\":[]}"));
        vm.received(task("t1", dev.nova.protocol.TaskStatus.CREATED, "assistant"));
        vm.received(task("t2", dev.nova.protocol.TaskStatus.CREATED, null));
        vm.received(agentPiece("t1", "Found it"));
        vm.received(agentPiece("t2", "board work"));
        vm.flush();
        vm.open(ConversationKey.thread("t-other"));
        vm.received(agentPiece("t1", ", twice"));
        vm.received(agentPiece("t2", " goes on"));
        vm.flush();
        assertThat(vm.messages()).as("neither shows in another thread").isEmpty();
        vm.open(ConversationKey.thread("assistant"));
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("{\"steps\":[]}", "Found it, twice");
        assertThat(vm.messages().get(1).sender()).isEqualTo("researcher");
    }

    private static final List<dev.nova.protocol.AgentWork> WORK = List.of(
            new dev.nova.protocol.AgentWork("coordinator", "Plan", "{\"steps\":[]}", FinishReason.STOP, null),
            new dev.nova.protocol.AgentWork("researcher", "Look it up", "Found it, twice", FinishReason.STOP, null));

    private static ChatMessage plannedAnswer() {
        return new ChatMessage("### Look it up\n\nFound it, twice", "assistant", "m-9", 9L, "assistant", null, true,
                "### Look it up\n\nFound it, twice", null, FinishReason.STOP, null, "m-1", null, WORK);
    }

    @Test
    void theAgentsLiveWorkFoldsIntoTheStoredAnswerAsItIsShownWhenTheThreadIsReopened() {
        vm.received(ChatMessage.of("/plan look it up", "assistant", "m-1", 1, "ada", null));
        vm.received(piece("plan-m-1", "{\"steps\":[]}"));
        vm.received(new LlmChunk("", true, "plan-m-1", null, FinishReason.STOP, null, null, null, "coordinator"));
        vm.received(task("t1", dev.nova.protocol.TaskStatus.CREATED, "assistant"));
        vm.received(agentPiece("t1", "Found it, twice"));
        vm.received(new LlmChunk("", true, "task-t1", null, FinishReason.STOP, null, null, "t1", "researcher"));
        vm.flush();
        assertThat(vm.messages()).extracting(MessageItem::sender).containsExactly("ada", "coordinator", "researcher");
        vm.received(plannedAnswer());
        vm.flush();
        assertThat(vm.messages()).extracting(MessageItem::sender).containsExactly("ada", "assistant");
        assertThat(vm.messages().get(1).work().get()).isEqualTo(WORK);

        vm.open(ConversationKey.thread("assistant")); // reopened: the same, from the stored page
        vm.showHistory(null, new ServerMessage.History("assistant",
                List.of(ChatMessage.of("/plan look it up", "assistant", "m-1", 1, "ada", null), plannedAnswer()), false));
        assertThat(vm.messages()).extracting(MessageItem::sender).containsExactly("ada", "assistant");
        assertThat(vm.messages().get(1).work().get()).isEqualTo(WORK);
        assertThat(vm.messages().get(0).work().get()).isEmpty();
    }

    @Test
    void anAnswerThatLeftEarlierMessagesOutSaysSoAndTheMeterShowsTheContextUsed() {
        assertThat(vm.contextMeter().get()).isEmpty();
        vm.received(ChatMessage.of("Hi?", "assistant", "m-1", 1, "ada", null));
        vm.received(piece("answer-m-1", "Hello"));
        vm.received(new LlmChunk("", true, "answer-m-1", null, FinishReason.STOP,
                new Stats(2L, 140L, 52.5).withContext(180L, 256L, 22L), "gemma", null, null));
        vm.flush();
        assertThat(vm.messages().get(1).figures()).endsWith("22 earlier messages left out to fit the model's 256-token context");
        assertThat(vm.contextMeter().get()).isEqualTo("Context 180 / 256 tokens, 22 earlier messages left out");
        vm.open(ConversationKey.thread("t-other"));
        assertThat(vm.contextMeter().get()).as("another thread: its own figures, none yet").isEmpty();
    }

    @Test
    void pulsesCloserThanTheFlushIntervalApplyNothingNew() {
        long t = 1_000_000_000L;
        vm.flush(t);
        vm.received(piece("r", "a"));
        vm.flush(t + ChatViewModel.FLUSH_INTERVAL_NANOS / 2);
        assertThat(vm.messages()).isEmpty();
        vm.flush(t + ChatViewModel.FLUSH_INTERVAL_NANOS);
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("a");
    }

    @Test
    void theChosenModelGoesWithWhatIsSentToTheAssistantOnly() {
        vm.model().set("qwen2.5-coder-7b");
        vm.send("Explain this");
        vm.send("Summarize this", "summarize");
        vm.open(ConversationKey.channel("general"));
        sent.clear();
        vm.send("hello all");
        vm.model().set(" ");
        vm.open(ConversationKey.thread("assistant"));
        vm.send("back to the default");
        assertThat(sent).filteredOn(m -> m instanceof ClientMessage.ChatMessage).extracting(m -> ((ClientMessage.ChatMessage) m).model())
                .containsExactly(null, null);
    }

    @Test
    void theChosenModelAnswersAssistantMessagesAndTemplates() {
        vm.model().set("qwen2.5-coder-7b");
        vm.send("Explain this");
        vm.send("Summarize this", "summarize");
        assertThat(((ClientMessage.ChatMessage) sent.get(0)).model()).isEqualTo("qwen2.5-coder-7b");
        assertThat(((ClientMessage.ChatMessage) sent.get(1)).model()).isEqualTo("qwen2.5-coder-7b");
    }

    @Test
    void aThreadsOwnModelComesBeforeTheDefaultOne() {
        vm.model().set("qwen2.5-coder-7b");
        vm.threadSettings().set(new dev.nova.protocol.ThreadSettings("mistral-7b", "Answer in French.", 0.2));
        vm.send("Bonjour");
        vm.threadSettings().set(new dev.nova.protocol.ThreadSettings(null, "Be brief.", null));
        vm.send("Hello");
        assertThat(sent).extracting(m -> ((ClientMessage.ChatMessage) m).model())
                .containsExactly("mistral-7b", "qwen2.5-coder-7b");
    }

    private static ChatMessage question(String text, String id, long offset, String editOf) {
        return new ChatMessage(text, "t-trip", id, offset, "ada", null, null, null, null, null, null, null, null, null,
                editOf);
    }

    private static ChatMessage answer(String text, String id, long offset, String replyTo) {
        return new ChatMessage(text, "t-trip", id, offset, "assistant", null, true, text, "gemma", FinishReason.STOP,
                null, replyTo, null, null);
    }

    @Test
    void anEditedQuestionIsAskedAgainAsABranchAndEveryVersionCanBeShown() {
        vm.connectedAs("ada");
        vm.open(ConversationKey.thread("t-trip"));
        List<ChatMessage> page = List.of(question("Two days in Lisbon", "q1", 1, null), answer("Day 1...", "a1", 2, "q1"),
                question("Add a museum", "q2", 3, null), answer("The Gulbenkian.", "a2", 4, "q2"),
                question("Three days in Porto", "q1b", 5, "q1"), answer("Day 1: Ribeira.", "a1b", 6, "q1b"));
        vm.showHistory(null, new ServerMessage.History("t-trip", page, false));
        assertThat(vm.messages()).extracting(m -> m.text().get())
                .containsExactly("Three days in Porto", "Day 1: Ribeira.");
        MessageItem shown = vm.messages().get(0);
        assertThat(shown.versionLabel()).isEqualTo("2 / 2");

        sent.clear();
        vm.showVersion(shown, -1);
        assertThat(sent).containsExactly(new ClientMessage.History("t-trip", null, ChatViewModel.PAGE));
        vm.showHistory(null, new ServerMessage.History("t-trip", page, false));
        assertThat(vm.messages()).extracting(m -> m.text().get())
                .containsExactly("Two days in Lisbon", "Day 1...", "Add a museum", "The Gulbenkian.");
        assertThat(vm.messages().get(0).versionLabel()).isEqualTo("1 / 2");
        assertThat(vm.messages().get(2).versionLabel()).as("never edited").isEmpty();

        sent.clear();
        vm.edit(vm.messages().get(2));
        assertThat(vm.editing().get().text().get()).isEqualTo("Add a museum");
        vm.send("Add two museums");
        assertThat(((ClientMessage.ChatMessage) sent.get(0)).editOf()).isEqualTo("q2");
        assertThat(vm.editing().get()).as("one send per edit").isNull();
        vm.edit(vm.messages().get(1)); // an answer is not edited
        assertThat(vm.editing().get()).isNull();
    }

    @Test
    void aDeletedMessageLeavesTheConversationWhenTheServerSaysItWent() {
        vm.open(ConversationKey.thread("t-trip"));
        vm.showHistory(null, new ServerMessage.History("t-trip", List.of(question("Keep", "q1", 1, null),
                answer("Kept", "a1", 2, "q1"), question("Drop", "q2", 3, null), answer("Dropped", "a2", 4, "q2")), false));
        sent.clear();
        vm.deleteMessage(vm.messages().get(2));
        assertThat(sent).containsExactly(new ClientMessage.MessageDelete("q2"));
        assertThat(vm.messages()).hasSize(4); // until the server says
        vm.deleted(new ServerMessage.MessageDelete("t-trip", List.of("q2", "a2")));
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("Keep", "Kept");
    }

    @Test
    void olderMessagesComeBeforeWhatIsShownPageByPage() {
        vm.open(ConversationKey.thread("t-long"));
        vm.showHistory(null, new ServerMessage.History("t-long", List.of(ChatMessage.of("m300", "t-long", "m-300", 300, "ada", null),
                ChatMessage.of("m301", "t-long", "m-301", 301, "ada", null)), true));
        assertThat(vm.olderAvailable().get()).isTrue();
        sent.clear();
        vm.loadOlder();
        assertThat(sent).containsExactly(new ClientMessage.History("t-long", 300L, ChatViewModel.PAGE));
        vm.showHistory(null, new ServerMessage.History("t-long", List.of(ChatMessage.of("m1", "t-long", "m-1", 1, "ada", null),
                ChatMessage.of("m2", "t-long", "m-2", 2, "ada", null)), false));
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("m1", "m2", "m300", "m301");
        assertThat(vm.olderAvailable().get()).isFalse();
    }

    @Test
    void aSearchHitOlderThanWhatIsShownIsPagedBackToAndMarked() {
        vm.open(ConversationKey.thread("t-long"));
        vm.focus(2); // the hit is asked for before the first page came
        vm.showHistory(null, new ServerMessage.History("t-long", List.of(ChatMessage.of("m300", "t-long", "m-300", 300, "ada", null)), true));
        assertThat(sent).endsWith(new ClientMessage.History("t-long", 300L, ChatViewModel.PAGE));
        assertThat(vm.focused().get()).isNull();
        vm.showHistory(null, new ServerMessage.History("t-long", List.of(ChatMessage.of("m2", "t-long", "m-2", 2, "ada", null),
                ChatMessage.of("m3", "t-long", "m-3", 3, "ada", null)), true));
        assertThat(vm.focused().get().text().get()).isEqualTo("m2");
        sent.clear();
        vm.focus(300);
        assertThat(vm.focused().get().text().get()).as("on screen: marked at once").isEqualTo("m300");
        assertThat(sent).isEmpty();
    }

    @Test
    void aChannelsComposerInvitesAMessageToItsPeopleNotAQuestionToStop() {
        assertThat(vm.composerHint().get()).startsWith("Ask anything").endsWith("Esc stops");
        vm.open(ConversationKey.channel("general"));
        assertThat(vm.composerHint().get()).isEqualTo("Message #general - Enter sends, Shift+Enter for a new line");
        vm.open(ConversationKey.thread("t-2"));
        assertThat(vm.composerHint().get()).contains("Esc stops");
    }

    @Test
    void messagesTypedWhileTheServerWasAwayShowOnceAfterTheReconnect() {
        vm.connectedAs("ada");
        vm.open(ConversationKey.channel("general"));
        sent.clear();
        vm.send("A");
        vm.send("C");
        String a = ((ClientMessage.ChatMessage) sent.get(0)).messageId();
        String c = ((ClientMessage.ChatMessage) sent.get(1)).messageId();
        // back: the client sends both (stored under their ids), the open channel is read again, the echoes come
        ChatMessage storedA = ChatMessage.of("A", "general", a, 7, "ada", null);
        ChatMessage storedC = ChatMessage.of("C", "general", c, 8, "ada", null);
        vm.showHistory("general", new ServerMessage.History("general", List.of(
                ChatMessage.of("earlier", "general", "m-6", 6, "bob", null), storedA, storedC), false));
        vm.received("general", storedA);
        vm.received("general", storedC);
        vm.flush();
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("earlier", "A", "C");
        assertThat(vm.messages()).noneMatch(m -> m.pending().get());
        // the other order: the echo first, then the page
        vm.send("E");
        String e = ((ClientMessage.ChatMessage) sent.get(2)).messageId();
        ChatMessage storedE = ChatMessage.of("E", "general", e, 9, "ada", null);
        vm.received("general", storedE);
        vm.flush();
        vm.showHistory("general", new ServerMessage.History("general", List.of(storedA, storedC, storedE), false));
        assertThat(vm.messages()).extracting(m -> m.text().get()).containsExactly("A", "C", "E");
    }

    @Test
    void aTemplateQuestionCarriesTheSameNameAsThePersonsStoredMessages() {
        vm.connectedAs("ada");
        vm.received(ChatMessage.of("plain question", "assistant", "m-1", 1, "ada", null));
        vm.flush();
        vm.send("some code", "explain_code");
        assertThat(vm.messages()).extracting(MessageItem::sender).containsExactly("ada", "ada");
    }

    private static ServerMessage.ToolCall call(String requestId, String callId, dev.nova.protocol.ToolCallStatus status) {
        return new ServerMessage.ToolCall(new dev.nova.protocol.ToolUse(callId, "files", "read_text_file",
                "{\"path\":\"todo.md\"}", status, null, null, null), requestId, "t-1", null);
    }

    @Test
    void aToolCallBeforeAnyTextStartsTheAnswerInItsThreadAndLaterStatesReplaceIt() {
        vm.open(ConversationKey.thread("t-1"));
        vm.received(call("answer-q-1", "tc-1", dev.nova.protocol.ToolCallStatus.PENDING_APPROVAL));
        vm.flush();
        assertThat(vm.messages()).hasSize(1);
        MessageItem answer = vm.messages().get(0);
        assertThat(answer.fromAssistant()).isTrue();
        assertThat(answer.streaming().get()).as("it waits for the person: still answering").isTrue();
        assertThat(vm.answering().get()).isTrue();
        assertThat(answer.toolCalls().get()).extracting(u -> u.status())
                .containsExactly(dev.nova.protocol.ToolCallStatus.PENDING_APPROVAL);

        vm.received(call("answer-q-1", "tc-1", dev.nova.protocol.ToolCallStatus.RUNNING));
        vm.received(call("answer-q-1", "tc-2", dev.nova.protocol.ToolCallStatus.RUNNING));
        vm.received(piece("answer-q-1", "Your list: milk"));
        vm.flush();
        assertThat(answer.toolCalls().get()).extracting(u -> u.callId()).containsExactly("tc-1", "tc-2");
        assertThat(answer.toolCalls().get()).extracting(u -> u.status()).containsOnly(dev.nova.protocol.ToolCallStatus.RUNNING);
        assertThat(answer.text().get()).isEqualTo("Your list: milk");
    }

    @Test
    void aToolCallOfAThreadNotOpenIsKeptThereAndTheStoredAnswerCarriesTheCallsAsKept() {
        vm.open(ConversationKey.thread("other"));
        vm.received(call("answer-q-1", "tc-1", dev.nova.protocol.ToolCallStatus.RUNNING));
        vm.flush();
        assertThat(vm.messages()).as("not shown in the open thread").isEmpty();
        vm.open(ConversationKey.thread("t-1"));
        assertThat(vm.messages()).hasSize(1);
        MessageItem answer = vm.messages().get(0);
        vm.received(last("answer-q-1", FinishReason.STOP));
        vm.flush();
        dev.nova.protocol.ToolUse done = call("answer-q-1", "tc-1", dev.nova.protocol.ToolCallStatus.SUCCEEDED).call()
                .with(dev.nova.protocol.ToolCallStatus.SUCCEEDED, 12L, "milk", null);
        vm.received(new ChatMessage("", "t-1", "m-2", 2L, "assistant", null, true, "", "gemma",
                FinishReason.STOP, null, "q-1", null, null, null, List.of(done)));
        vm.flush();
        assertThat(answer.toolCalls().get()).containsExactly(done);
    }

    @Test
    void decidingSendsTheApprovalWithTheReasonOnlyForADenial() {
        vm.decide("tc-1", dev.nova.protocol.ToolDecision.DENY, "  not that file  ");
        vm.decide("tc-2", dev.nova.protocol.ToolDecision.ALLOW_ONCE, "ignored");
        assertThat(sent).containsExactly(
                new ClientMessage.ToolApproval("tc-1", dev.nova.protocol.ToolDecision.DENY, "not that file"),
                new ClientMessage.ToolApproval("tc-2", dev.nova.protocol.ToolDecision.ALLOW_ONCE, null));
    }
}
