package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ChannelInfo;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.SearchHit;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.Search;
import dev.nova.protocol.ServerMessage.Threads;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ThreadInfo;
import dev.nova.protocol.ThreadSettings;
import dev.nova.server.identity.Role;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidebar's messages on a real server: listing, unread counts, rename, delete, search. */
class ConversationsIT {
    @TempDir
    Path dir;
    FakeLmStudio lm;
    TestServer server;

    @BeforeEach
    void start() throws java.io.IOException {
        lm = new FakeLmStudio();
        lm.always(Script.stream().answer("Sure, ", "here you go."));
        server = TestServer.start(dir, TestServer.llm(lm.baseUrl(), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.close();
        lm.close();
    }

    static String ask(String thread, String text) {
        return "{\"type\":\"chat_message\",\"data\":{\"content\":\"" + text + "\",\"thread_id\":\"" + thread + "\"}}";
    }

    /** Asks and waits for the stored answer. */
    static ChatMessage askAndWait(WsTestClient c, String thread, String text) {
        c.send(ask(thread, text));
        return (ChatMessage) c.nextMatching(e -> e.data() instanceof ChatMessage m && Boolean.TRUE.equals(m.isFinal()))
                .data();
    }

    static Threads list(WsTestClient c) {
        return c.send("{\"type\":\"threads\",\"data\":{}}").next(Threads.class);
    }

    static Map<String, ThreadInfo> byId(Threads t) {
        return t.threads().stream().collect(Collectors.toMap(ThreadInfo::threadId, Function.identity()));
    }

    @Test
    void threadsAreListedNewestFirstWithDerivedTitlesCountsAndUnreadAnswers() {
        try (WsTestClient alice = server.login("alice")) {
            askAndWait(alice, "t-old", "What is a tokenizer?\\nPlease explain briefly.");
            ChatMessage answer = askAndWait(alice, "t-new", "x".repeat(100));

            Threads t = list(alice);
            assertThat(t.threads()).extracting(ThreadInfo::threadId).containsExactly("t-new", "t-old");
            ThreadInfo old = byId(t).get("t-old");
            assertThat(old.title()).isEqualTo("What is a tokenizer?");
            assertThat(old.messages()).isEqualTo(2);
            assertThat(old.unread()).as("the assistant's answer is unread; her own question is not").isEqualTo(1);
            ThreadInfo fresh = byId(t).get("t-new");
            assertThat(fresh.title()).hasSize(60).endsWith("\u2026");
            assertThat(fresh.lastOffset()).isEqualTo(answer.offset());
            assertThat(fresh.lastAt()).isNotNull();

            alice.send("{\"type\":\"mark_read\",\"data\":{\"thread_id\":\"t-new\",\"offset\":" + answer.offset() + "}}");
            alice.send("{\"type\":\"mark_read\",\"data\":{\"thread_id\":\"t-new\",\"offset\":1}}"); // never moves back
            assertThat(byId(list(alice)).get("t-new").unread()).isZero();
            assertThat(byId(list(alice)).get("t-old").unread()).isEqualTo(1);
        }
        try (WsTestClient bob = server.login("bob")) {
            assertThat(list(bob).threads()).as("assistant threads are private to their owner").isEmpty();
        }
    }

    @Test
    void channelsCountOthersMessagesAfterTheReadMarkAndHidePrivateOnes() {
        server.server().channels().grant("private:ops", "bob");
        try (WsTestClient alice = server.login("alice"); WsTestClient bob = server.login("bob")) {
            bob.send(Frames.chat("general", "one")).next(ChatMessage.class);
            ChatMessage two = bob.send(Frames.chat("general", "two")).next(ChatMessage.class);
            alice.send(Frames.chat("general", "mine")).next(ChatMessage.class);
            bob.send(Frames.chat("private:ops", "secret")).next(ChatMessage.class);

            Threads seen = list(alice);
            assertThat(seen.channels()).extracting(ChannelInfo::channel).containsExactly("general");
            ChannelInfo general = seen.channels().get(0);
            assertThat(general.messages()).isEqualTo(3);
            assertThat(general.unread()).isEqualTo(2);

            alice.send("{\"type\":\"mark_read\",\"channel\":\"general\",\"data\":{\"offset\":" + two.offset() + "}}");
            bob.send(Frames.chat("general", "three")).next(ChatMessage.class);
            assertThat(list(alice).channels().get(0).unread()).isEqualTo(1);
            assertThat(list(bob).channels()).extracting(ChannelInfo::channel).contains("general", "private:ops");

            alice.send("{\"type\":\"mark_read\",\"channel\":\"private:ops\",\"data\":{\"offset\":1}}");
            assertThat(alice.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
            alice.send("{\"type\":\"mark_read\",\"data\":{\"offset\":1}}");
            ServerMessage.Error noThread = alice.next(ServerMessage.Error.class);
            assertThat(noThread.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
            assertThat(noThread.message()).contains("thread_id");
        }
    }

    @Test
    void aChannelOneLeftIsNotListedUntilOneSubscribesAgain() {
        String key = server.key("alice");
        try (WsTestClient laptop = server.login("alice", key); WsTestClient phone = server.login("alice", key);
             WsTestClient bob = server.login("bob")) {
            bob.send(Frames.chat("general", "hi")).next(ChatMessage.class);
            bob.send(Frames.chat("random", "yo")).next(ChatMessage.class);
            laptop.send(Frames.subscribe("general")).next(ServerMessage.SubscriptionSuccess.class);
            laptop.send("{\"type\":\"unsubscribe\",\"data\":{\"channel\":\"general\"}}")
                    .next(ServerMessage.UnsubscriptionSuccess.class);
            assertThat(list(phone).channels()).as("left on every device").extracting(ChannelInfo::channel)
                    .containsExactly("random");
            assertThat(list(bob).channels()).as("only for her").hasSize(2);
            phone.send("{\"type\":\"unsubscribe\",\"data\":{\"channel\":\"random\"}}");
            assertThat(phone.next(ServerMessage.Error.class).code()).as("not subscribed here, but left all the same")
                    .isEqualTo(ErrorCode.NOT_SUBSCRIBED);
            assertThat(list(phone).channels()).isEmpty();
            phone.send(Frames.subscribe("general")).next(ServerMessage.SubscriptionSuccess.class);
            assertThat(list(laptop).channels()).extracting(ChannelInfo::channel).containsExactly("general");
        }
    }

    @Test
    void unreadCountsStopAtOneHundred() {
        try (WsTestClient alice = server.login("alice"); WsTestClient bob = server.login("bob")) {
            for (int i = 0; i < 105; i++) {
                bob.send(Frames.chat("general", "news " + i));
            }
            assertThat(bob.collect(ChatMessage.class, 105)).hasSize(105);
            ChannelInfo general = list(alice).channels().get(0);
            assertThat(general.messages()).isEqualTo(105);
            assertThat(general.unread()).isEqualTo(100);
        }
    }

    @Test
    void renameReachesEveryConnectionOfTheOwnerAndCreatesAnEmptyThread() {
        String key = server.key("alice");
        try (WsTestClient laptop = server.login("alice", key); WsTestClient desktop = server.login("alice", key);
             WsTestClient bob = server.login("bob")) {
            laptop.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t-1\",\"title\":\"  Release notes  \"}}");
            ServerMessage.ThreadUpdate ack = laptop.next(ServerMessage.ThreadUpdate.class);
            assertThat(ack.title()).isEqualTo("Release notes");
            assertThat(desktop.next(ServerMessage.ThreadUpdate.class)).isEqualTo(ack);
            bob.send(Frames.ping());
            bob.next(ServerMessage.Pong.class); // no thread_update reached bob before his pong

            ThreadInfo created = byId(list(desktop)).get("t-1");
            assertThat(created.title()).isEqualTo("Release notes");
            assertThat(created.messages()).isZero();
            assertThat(created.lastAt()).isNull();

            askAndWait(laptop, "t-1", "Draft them");
            assertThat(byId(list(laptop)).get("t-1").title()).as("a set title wins over the first message")
                    .isEqualTo("Release notes");

            laptop.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t-1\",\"title\":\"   \"}}");
            assertThat(laptop.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
            laptop.send("{\"type\":\"thread_update\",\"channel\":\"general\",\"data\":{\"thread_id\":\"general\",\"title\":\"x\"}}");
            assertThat(laptop.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void pinsFoldersAndSettingsReachEveryDeviceAndTheModelAnswersWithTheThreadsSettings() throws Exception {
        String key = server.key("alice");
        try (WsTestClient laptop = server.login("alice", key); WsTestClient desktop = server.login("alice", key)) {
            askAndWait(laptop, "t-fr", "Bonjour");
            laptop.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t-fr\",\"pinned\":true}}");
            ServerMessage.ThreadUpdate pinned = laptop.next(ServerMessage.ThreadUpdate.class);
            assertThat(pinned.pinned()).isTrue();
            assertThat(pinned.title()).as("only what changed").isNull();
            assertThat(desktop.next(ServerMessage.ThreadUpdate.class)).isEqualTo(pinned);
            laptop.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t-fr\",\"folder\":\" Langues \","
                    + "\"settings\":{\"model\":\"mistral-7b\",\"system_prompt\":\"Answer in French.\",\"temperature\":0.25}}}");
            ServerMessage.ThreadUpdate filed = desktop.next(ServerMessage.ThreadUpdate.class);
            assertThat(filed.folder()).isEqualTo("Langues");
            assertThat(filed.settings()).isEqualTo(new ThreadSettings("mistral-7b", "Answer in French.", 0.25));

            ThreadInfo listed = byId(list(desktop)).get("t-fr");
            assertThat(listed.isPinned()).isTrue();
            assertThat(listed.folder()).isEqualTo("Langues");
            assertThat(listed.settings()).isEqualTo(filed.settings());

            // the next answer in that thread is asked with its model, system prompt and temperature
            int before = lm.requests().size();
            askAndWait(laptop, "t-fr", "Quelle heure est-il ?");
            JsonNode body = new ObjectMapper().readTree(lm.requests().get(before).body());
            assertThat(body.path("model").asText()).isEqualTo("mistral-7b");
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.25);
            assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
            assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Answer in French.");
            // a model named in the message still comes first; another thread keeps the server's way
            before = lm.requests().size();
            laptop.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"x\",\"thread_id\":\"t-fr\",\"model\":\"other\"}}");
            laptop.nextMatching(e -> e.data() instanceof ChatMessage m && Boolean.TRUE.equals(m.isFinal()));
            assertThat(new ObjectMapper().readTree(lm.requests().get(before).body()).path("model").asText()).isEqualTo("other");
            before = lm.requests().size();
            askAndWait(laptop, "t-plain", "hello");
            JsonNode plain = new ObjectMapper().readTree(lm.requests().get(before).body());
            assertThat(plain.has("temperature")).isFalse();
            assertThat(plain.path("messages").toString()).doesNotContain("Answer in French.");

            // back to the defaults, out of the folder, unpinned: listed as a plain thread again
            laptop.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t-fr\",\"pinned\":false,\"folder\":\"\",\"settings\":{}}}");
            ServerMessage.ThreadUpdate cleared = laptop.next(ServerMessage.ThreadUpdate.class);
            assertThat(cleared.pinned()).isFalse();
            assertThat(cleared.folder()).isEmpty();
            assertThat(cleared.settings().isDefault()).isTrue();
            ThreadInfo plainAgain = byId(list(laptop)).get("t-fr");
            assertThat(plainAgain.pinned()).isNull();
            assertThat(plainAgain.folder()).isNull();
            assertThat(plainAgain.settings()).isNull();

            // an empty new thread given settings before its first message is listed (and keeps them)
            laptop.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t-empty\",\"settings\":{\"temperature\":1.5}}}");
            laptop.next(ServerMessage.ThreadUpdate.class);
            assertThat(byId(list(laptop)).get("t-empty").settings().temperature()).isEqualTo(1.5);
            laptop.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t-empty\",\"settings\":{\"temperature\":3}}}");
            assertThat(laptop.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        }
    }

    /** The answer to a thread_import (the stored messages come to the sender's connections first, as any do). */
    private static ServerMessage.ThreadImport imported(WsTestClient c) {
        return (ServerMessage.ThreadImport) c.nextMatching(e -> e.data() instanceof ServerMessage.ThreadImport).data();
    }

    @Test
    void anImportedThreadIsStoredAsItWasWithoutAskingTheModelAndOnlyOnce() {
        String first = "{\"type\":\"thread_import\",\"data\":{\"thread_id\":\"imp-lisbon\",\"title\":\"Trip to Lisbon\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Plan three days\",\"message_id\":\"imp-lisbon-1\","
                + "\"created_at\":\"2024-05-01T09:30:00.000Z\"},{\"role\":\"assistant\",\"content\":\"Day 1: Alfama\","
                + "\"message_id\":\"imp-lisbon-2\",\"created_at\":\"2024-05-01T09:30:12.000Z\",\"model\":\"gpt-4o\"}]}}";
        String second = "{\"type\":\"thread_import\",\"data\":{\"thread_id\":\"imp-lisbon\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"And day 4?\",\"message_id\":\"imp-lisbon-3\"}]}}";
        try (WsTestClient alice = server.login("alice")) {
            ServerMessage.ThreadImport ack = imported(alice.send(first));
            assertThat(ack).isEqualTo(new ServerMessage.ThreadImport("imp-lisbon", 2, 0));
            assertThat(imported(alice.send(second)).stored()).isEqualTo(1);
            assertThat(lm.requests()).as("nothing was asked of the model").isEmpty();

            alice.send("{\"type\":\"history\",\"data\":{\"thread_id\":\"imp-lisbon\"}}");
            java.util.List<ChatMessage> kept = alice.next(ServerMessage.History.class).messages();
            assertThat(kept).extracting(ChatMessage::sender, ChatMessage::content).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("alice", "Plan three days"),
                    org.assertj.core.groups.Tuple.tuple("assistant", "Day 1: Alfama"),
                    org.assertj.core.groups.Tuple.tuple("alice", "And day 4?"));
            assertThat(kept.get(1).model()).isEqualTo("gpt-4o");
            assertThat(kept.get(0).createdAt()).isEqualTo("2024-05-01T09:30:00.000Z");
            ThreadInfo listed = byId(list(alice)).get("imp-lisbon");
            assertThat(listed.title()).isEqualTo("Trip to Lisbon");
            assertThat(listed.messages()).isEqualTo(3);

            // the same file again: nothing twice
            assertThat(imported(alice.send(first))).isEqualTo(new ServerMessage.ThreadImport("imp-lisbon", 0, 2));
            assertThat(byId(list(alice)).get("imp-lisbon").messages()).isEqualTo(3);
            // the thread goes on like any other: a question in it is answered with it as context
            askAndWait(alice, "imp-lisbon", "Thanks");
            assertThat(lm.requests().get(0).body()).contains("Day 1: Alfama", "And day 4?");

            alice.send("{\"type\":\"thread_import\",\"channel\":\"general\",\"data\":{\"thread_id\":\"x\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"message_id\":\"x-1\"}]}}");
            assertThat(alice.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
    }

    @Test
    void anEditedQuestionStartsABranchWhoseAnswersSeeOnlyThatBranch() throws Exception {
        try (WsTestClient ann = server.login("ann"); WsTestClient bob = server.login("bob")) {
            ChatMessage a1 = askAndWait(ann, "t-trip", "Plan two days in Lisbon");
            askAndWait(ann, "t-trip", "Add a museum");
            String q1 = a1.replyTo();
            int before = lm.requests().size();
            ann.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"Plan three days in Porto\",\"thread_id\":\"t-trip\","
                    + "\"edit_of\":\"" + q1 + "\"}}");
            ChatMessage edit = (ChatMessage) ann.nextMatching(e -> e.data() instanceof ChatMessage m && m.editOf() != null).data();
            assertThat(edit.editOf()).isEqualTo(q1);
            ann.nextMatching(e -> e.data() instanceof ChatMessage m && Boolean.TRUE.equals(m.isFinal()));
            JsonNode asked = new ObjectMapper().readTree(lm.requests().get(before).body()).path("messages");
            assertThat(asked.toString()).as("the edited question's branch starts before the question it replaces")
                    .contains("Plan three days in Porto").doesNotContain("Lisbon", "museum");

            before = lm.requests().size();
            askAndWait(ann, "t-trip", "And where to eat?");
            String context = new ObjectMapper().readTree(lm.requests().get(before).body()).path("messages").toString();
            assertThat(context).contains("Porto", "where to eat").doesNotContain("Lisbon", "museum");

            // editing the edit names the first version, so every version is found from it
            ann.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"Plan a week in Porto\",\"thread_id\":\"t-trip\","
                    + "\"edit_of\":\"" + edit.messageId() + "\"}}");
            ChatMessage again = (ChatMessage) ann.nextMatching(e -> e.data() instanceof ChatMessage m
                    && "Plan a week in Porto".equals(m.content())).data();
            assertThat(again.editOf()).isEqualTo(q1);
            ann.nextMatching(e -> e.data() instanceof ChatMessage m && Boolean.TRUE.equals(m.isFinal()));
            ann.send("{\"type\":\"history\",\"data\":{\"thread_id\":\"t-trip\"}}");
            java.util.List<ChatMessage> all = ann.next(ServerMessage.History.class).messages();
            assertThat(dev.nova.protocol.Exchanges.versions(all, q1)).hasSize(3);
            assertThat(dev.nova.protocol.Exchanges.branch(all, Map.of(q1, q1))).extracting(ChatMessage::content)
                    .as("the first branch is kept").startsWith("Plan two days in Lisbon").contains("Add a museum");

            ann.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"x\",\"thread_id\":\"t-other\",\"edit_of\":\"" + q1 + "\"}}");
            assertThat(ann.next(ServerMessage.Error.class).code()).as("a question of another thread").isEqualTo(ErrorCode.NOT_FOUND);
            bob.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"x\",\"thread_id\":\"t-trip\",\"edit_of\":\"" + q1 + "\"}}");
            assertThat(bob.next(ServerMessage.Error.class).code()).as("someone else's question").isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void aDeletedQuestionGoesWithItsAnswersOnEveryDeviceAndLeavesTheModelsContext() throws Exception {
        String key = server.key("ann");
        try (WsTestClient laptop = server.login("ann", key); WsTestClient desktop = server.login("ann", key)) {
            ChatMessage first = askAndWait(laptop, "t-1", "Keep this question");
            ChatMessage second = askAndWait(laptop, "t-1", "Forget this question");
            laptop.send("{\"type\":\"message_delete\",\"data\":{\"message_id\":\"" + second.replyTo() + "\"}}");
            ServerMessage.MessageDelete gone = (ServerMessage.MessageDelete) laptop.nextMatching(
                    e -> e.data() instanceof ServerMessage.MessageDelete).data();
            assertThat(gone.messageIds()).containsExactly(second.replyTo(), second.messageId());
            assertThat(desktop.nextMatching(e -> e.data() instanceof ServerMessage.MessageDelete).data()).isEqualTo(gone);
            laptop.send("{\"type\":\"history\",\"data\":{\"thread_id\":\"t-1\"}}");
            assertThat(laptop.next(ServerMessage.History.class).messages()).extracting(ChatMessage::messageId)
                    .containsExactly(first.replyTo(), first.messageId());
            int before = lm.requests().size();
            askAndWait(laptop, "t-1", "Next");
            assertThat(lm.requests().get(before).body()).contains("Keep this question").doesNotContain("Forget this");

            // an answer alone goes alone
            laptop.send("{\"type\":\"message_delete\",\"data\":{\"message_id\":\"" + first.messageId() + "\"}}");
            assertThat(((ServerMessage.MessageDelete) laptop.nextMatching(e -> e.data() instanceof ServerMessage.MessageDelete)
                    .data()).messageIds()).containsExactly(first.messageId());
            laptop.send("{\"type\":\"message_delete\",\"data\":{\"message_id\":\"m-nope\"}}");
            assertThat(laptop.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
        try (WsTestClient bob = server.login("bob")) {
            bob.send("{\"type\":\"message_delete\",\"data\":{\"message_id\":\"m-nope\"}}");
            assertThat(bob.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void deletingAThreadRemovesItsMessagesOnlyAndTheStreamKeepsCounting() {
        try (WsTestClient alice = server.login("alice")) {
            askAndWait(alice, "t-keep", "keep me");
            ChatMessage doomed = askAndWait(alice, "t-drop", "drop me");
            alice.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t-drop\",\"deleted\":true}}");
            assertThat(alice.next(ServerMessage.ThreadUpdate.class).deleted()).isTrue();

            assertThat(list(alice).threads()).extracting(ThreadInfo::threadId).containsExactly("t-keep");
            alice.send("{\"type\":\"history\",\"data\":{\"thread_id\":\"t-drop\"}}");
            assertThat(alice.next(ServerMessage.History.class).messages()).isEmpty();
            alice.send("{\"type\":\"history\",\"data\":{\"thread_id\":\"t-keep\"}}");
            assertThat(alice.next(ServerMessage.History.class).messages()).hasSize(2);
            alice.send("{\"type\":\"search\",\"data\":{\"query\":\"drop me\"}}");
            assertThat(alice.next(Search.class).results()).isEmpty();

            ChatMessage after = askAndWait(alice, "t-keep", "still here");
            assertThat(after.offset()).as("offsets are not reused").isGreaterThan(doomed.offset() + 1);
        }
    }

    @Test
    void deletingAThreadStopsItsAnswerAndTheAnswerDoesNotBringItBack() throws Exception {
        lm.when("endless", Script.stream().firstContent("word").repeat(2000, 10, " word").finish("stop").done().build());
        try (WsTestClient alice = server.login("alice")) {
            askAndWait(alice, "t-keep", "keep me");
            int before = lm.requests().size();
            alice.send(ask("t-doomed", "an endless story please"));
            alice.nextMatching(e -> e.data() instanceof ServerMessage.LlmChunk);
            alice.send("{\"type\":\"thread_update\",\"data\":{\"thread_id\":\"t-doomed\",\"deleted\":true}}");
            ServerMessage.LlmChunk last = (ServerMessage.LlmChunk) alice.nextMatching(e -> e.data()
                    instanceof ServerMessage.LlmChunk ch && ch.isFinal()).data();
            assertThat(last.finishReason()).isEqualTo(dev.nova.protocol.FinishReason.CANCELLED);
            assertThat(lm.awaitClosedByClient(before + 1, 10_000)).as("the generation stopped upstream").isTrue();
            Threads after = (Threads) alice.send("{\"type\":\"threads\",\"data\":{}}")
                    .nextMatching(e -> e.data() instanceof Threads).data(); // the delete's ack may come first
            assertThat(after.threads()).extracting(ThreadInfo::threadId).containsExactly("t-keep");
        }
    }

    @Test
    void searchFindsTextInOwnThreadsAndReadableChannelsOnly() {
        server.server().channels().grant("private:ops", "bob");
        try (WsTestClient alice = server.login("alice"); WsTestClient bob = server.login("bob")) {
            askAndWait(alice, "t-1", "How does the TOKENIZER work?");
            bob.send(Frames.chat("general", "the tokenizer budget is 100% used")).next(ChatMessage.class);
            bob.send(Frames.chat("private:ops", "tokenizer secrets")).next(ChatMessage.class);
            askAndWait(bob, "t-b", "bob's own tokenizer question");

            Search found = alice.send("{\"type\":\"search\",\"data\":{\"query\":\"Tokenizer\"}}").next(Search.class);
            assertThat(found.query()).isEqualTo("Tokenizer");
            assertThat(found.results()).extracting(SearchHit::snippet)
                    .containsExactly("the tokenizer budget is 100% used", "How does the TOKENIZER work?");
            assertThat(found.results().get(0).channel()).isEqualTo("general");
            assertThat(found.results().get(1).channel()).isNull();
            assertThat(found.results().get(1).threadId()).isEqualTo("t-1");

            assertThat(alice.send("{\"type\":\"search\",\"data\":{\"query\":\"100%\"}}").next(Search.class).results())
                    .hasSize(1);
            assertThat(alice.send("{\"type\":\"search\",\"data\":{\"query\":\"0%u\"}}").next(Search.class).results())
                    .as("% is literal, not a wildcard").isEmpty();
            alice.send("{\"type\":\"search\",\"data\":{\"query\":\"   \"}}");
            assertThat(alice.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
            assertThat(bob.send("{\"type\":\"search\",\"data\":{\"query\":\"tokenizer\",\"limit\":2}}")
                    .next(Search.class).results()).hasSize(2);
        }
    }

    @Test
    void theSidebarNeedsAuthentication() {
        try (WsTestClient anon = server.connect("nobody")) {
            anon.send("{\"type\":\"threads\",\"data\":{}}");
            assertThat(anon.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.NOT_AUTHENTICATED);
        }
    }

    @Test
    void anAdminReadsPrivateChannelsInTheList() {
        try (WsTestClient root = server.login("root", server.key("root", Role.ADMIN)); WsTestClient bob = server.login("bob")) {
            server.server().channels().grant("private:ops", "bob");
            bob.send(Frames.chat("private:ops", "hello")).next(ChatMessage.class);
            assertThat(list(root).channels()).extracting(ChannelInfo::channel).containsExactly("private:ops");
        }
    }
}
