package dev.nova.desktop.sidebar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.chat.ConversationKey;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ChannelInfo;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.SearchHit;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ThreadInfo;
import dev.nova.protocol.ThreadSettings;
import dev.nova.server.testing.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sidebar's view model without JavaFX running. */
class SidebarViewModelTest {
    record Sent(String channel, ClientMessage message) {}

    private final List<Sent> sent = new ArrayList<>();
    private final List<String> joined = new ArrayList<>();
    private final List<String> left = new ArrayList<>();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final SidebarViewModel vm = new SidebarViewModel((ch, m) -> sent.add(new Sent(ch, m)), UiExecutor.direct(),
            joined::add, left::add, clock);

    static ThreadInfo thread(String id, String title, int messages, int unread, long last, String at) {
        return new ThreadInfo(id, title, messages, unread, last, at, null, null, null);
    }

    static ServerMessage.Threads listing() {
        return new ServerMessage.Threads(
                List.of(thread("t-new", "Release notes", 4, 1, 40, "2026-11-25T11:00:00.000Z"),
                        thread("t-old", "Tokenizers", 2, 0, 12, "2026-11-20T09:00:00.000Z")),
                List.of(new ChannelInfo("general", 30, 5, 30L, "2026-11-25T10:00:00.000Z")),
                List.of(new ChannelInfo("random", 3, 0, 3L, "2026-11-24T10:00:00.000Z")));
    }

    @BeforeEach
    void connect() {
        vm.connected("ada");
        assertThat(sent).extracting(Sent::message).containsExactly(new ClientMessage.Threads());
        sent.clear();
    }

    @Test
    void theListingFillsBothListsOpensTheNewestThreadAndJoinsTheChannels() {
        vm.received(listing());
        assertThat(vm.threads()).extracting(c -> c.title().get()).containsExactly("Release notes", "Tokenizers");
        assertThat(vm.channels()).extracting(c -> c.title().get()).containsExactly("general");
        assertThat(vm.channels().get(0).unread().get()).isEqualTo(5);
        assertThat(joined).containsExactly("general");
        assertThat(vm.selected().get().key()).isEqualTo(ConversationKey.thread("t-new"));
        assertThat(vm.selected().get().unread().get()).as("opening reads it").isZero();
        assertThat(sent).containsExactly(new Sent(null, new ClientMessage.MarkRead("t-new", 40L)));
    }

    @Test
    void anEmptyListingStartsANewThread() {
        vm.received(new ServerMessage.Threads(List.of(), List.of(), null));
        assertThat(vm.threads()).hasSize(1);
        assertThat(vm.selected().get().title().get()).isEqualTo("New chat");
        assertThat(sent).as("nothing is stored until its first message").isEmpty();
    }

    @Test
    void othersMessagesElsewhereCountAsUnreadAndMoveTheirConversationUp() {
        vm.received(listing());
        sent.clear();
        vm.received(null, new ChatMessage("answer", "t-old", "m-13", 13L, "assistant", "2026-11-25T11:30:00.000Z",
                true, "answer", null, null, null));
        ConversationItem old = vm.threads().get(0);
        assertThat(old.key().threadId()).isEqualTo("t-old");
        assertThat(old.unread().get()).isEqualTo(1);
        assertThat(old.lastOffset()).isEqualTo(13);

        vm.received("general", ChatMessage.of("mine", "general", "m-31", 31, "ada", null));
        assertThat(vm.channels().get(0).unread().get()).as("one's own messages are not unread").isEqualTo(5);
        vm.received("general", ChatMessage.of("hi", "general", "m-32", 32, "bob", null));
        assertThat(vm.channels().get(0).unread().get()).isEqualTo(6);
        assertThat(sent).isEmpty();

        assertThat(vm.totalUnread().get()).isEqualTo(1 + 6);
        vm.open(vm.channels().get(0));
        assertThat(vm.channels().get(0).unread().get()).isZero();
        assertThat(vm.totalUnread().get()).isEqualTo(1);
        assertThat(sent).containsExactly(new Sent("general", new ClientMessage.MarkRead(null, 32L)));
        sent.clear();
        clock.advance(java.time.Duration.ofSeconds(2));
        vm.received("general", ChatMessage.of("more", "general", "m-33", 33, "bob", null));
        assertThat(vm.channels().get(0).unread().get()).as("read as it arrives in the open one").isZero();
        assertThat(sent).containsExactly(new Sent("general", new ClientMessage.MarkRead(null, 33L)));
    }

    @Test
    void aBurstIntoTheOpenConversationIsMarkedReadOnceASecondNotOncePerMessage() {
        vm.received(listing());
        vm.open(vm.channels().get(0));
        sent.clear();
        for (int i = 0; i < 20; i++) {
            clock.advance(java.time.Duration.ofMillis(40)); // 20 messages in 0.8 s
            vm.received("general", ChatMessage.of("m" + i, "general", "m-" + (40 + i), 40 + i, "bob", null));
            vm.flushRead();
        }
        assertThat(vm.channels().get(0).unread().get()).as("no badge while it is open").isZero();
        assertThat(sent).as("nothing yet: the mark of opening it was under a second ago").isEmpty();
        clock.advance(java.time.Duration.ofMillis(300));
        vm.flushRead();
        assertThat(sent).containsExactly(new Sent("general", new ClientMessage.MarkRead(null, 59L)));
        vm.flushRead();
        assertThat(sent).as("once").hasSize(1);

        sent.clear();
        vm.received("general", ChatMessage.of("last", "general", "m-60", 60, "bob", null));
        vm.open(vm.threads().get(0)); // switching away: what was read there is said at once
        assertThat(sent).startsWith(new Sent("general", new ClientMessage.MarkRead(null, 60L)));
    }

    @Test
    void aNewThreadIsNamedByItsFirstMessageAndStoredWithIt() {
        vm.received(listing());
        ConversationItem fresh = vm.newThread();
        assertThat(vm.threads().get(0)).isSameAs(fresh);
        assertThat(vm.selected().get()).isSameAs(fresh);
        sent.clear();
        vm.received(null, ChatMessage.of("How do I parse **this** log?\nmore", fresh.key().threadId(), "m-50", 50, "ada",
                null));
        assertThat(fresh.title().get()).isEqualTo("How do I parse **this** log?");
        assertThat(fresh.unread().get()).isZero();
    }

    @Test
    void renameAndDeleteGoToTheServerAndDeletingTheOpenThreadOpensTheNext() {
        vm.received(listing());
        ConversationItem open = vm.selected().get();
        sent.clear();
        vm.rename(open, "  Notes  ");
        assertThat(open.title().get()).isEqualTo("Notes");
        vm.rename(open, "   ");
        assertThat(open.title().get()).isEqualTo("Notes");
        vm.delete(open);
        assertThat(sent).extracting(Sent::message).containsExactly(
                new ClientMessage.ThreadUpdate("t-new", "Notes", null),
                new ClientMessage.ThreadUpdate("t-new", null, true),
                new ClientMessage.MarkRead("t-old", 12L)); // the next one opens, and is read
        assertThat(vm.threads()).extracting(c -> c.key().threadId()).containsExactly("t-old");
        assertThat(vm.selected().get().key().threadId()).isEqualTo("t-old");
    }

    @Test
    void aRenameOrDeleteFromAnotherDeviceShowsHere() {
        vm.received(listing());
        vm.received(new ServerMessage.ThreadUpdate("t-old", "Tokenizer deep dive", null));
        assertThat(vm.threads().get(1).title().get()).isEqualTo("Tokenizer deep dive");
        vm.received(new ServerMessage.ThreadUpdate("t-old", null, true));
        assertThat(vm.threads()).hasSize(1);
    }

    @Test
    void searchFiltersTitlesAtOnceAndAsksTheServerForMessages() {
        vm.received(listing());
        sent.clear();
        vm.search("tok");
        assertThat(vm.threads()).extracting(c -> c.title().get()).containsExactly("Tokenizers");
        assertThat(vm.channels()).isEmpty();
        assertThat(sent).extracting(Sent::message).containsExactly(new ClientMessage.Search("tok", 30));
        SearchHit hit = new SearchHit("general", "general", "m-9", 9L, "bob",
                "the tokenizer budget", null);
        vm.received(new ServerMessage.Search("to", List.of(hit)));
        assertThat(vm.hits()).as("an answer to an older query is dropped").isEmpty();
        vm.received(new ServerMessage.Search("tok", List.of(hit)));
        assertThat(vm.hits()).containsExactly(hit);

        vm.open(hit);
        assertThat(vm.selected().get().key()).isEqualTo(ConversationKey.channel("general"));
        vm.search("");
        assertThat(vm.threads()).hasSize(2);
        assertThat(vm.hits()).isEmpty();
        sent.clear();
        vm.search("t");
        assertThat(sent).as("one letter only filters titles").isEmpty();
    }

    @Test
    void leavingTheOpenChannelDropsItAndOpensTheNewestThread() {
        vm.received(listing());
        vm.open(vm.channels().get(0));
        vm.leaveChannel(vm.channels().get(0));
        assertThat(left).containsExactly("general");
        assertThat(vm.channels()).isEmpty();
        assertThat(vm.selected().get().key()).isEqualTo(ConversationKey.thread("t-new"));
        vm.leaveChannel(vm.threads().get(0));
        assertThat(vm.threads()).as("a thread is deleted, not left").hasSize(2);
    }

    @Test
    void theJoinDialogOffersJoinedAndLeftChannelsNewestFirstAndFollowsLeavingAndJoining() {
        vm.received(listing());
        assertThat(vm.channelChoices()).containsExactly(
                new ChannelChoice("general", java.time.Instant.parse("2026-11-25T10:00:00Z"), true),
                new ChannelChoice("random", java.time.Instant.parse("2026-11-24T10:00:00Z"), false));

        vm.leaveChannel(vm.channels().get(0));
        assertThat(vm.channelChoices()).extracting(ChannelChoice::name, ChannelChoice::joined)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("general", false),
                        org.assertj.core.groups.Tuple.tuple("random", false));

        assertThat(vm.joinChannel("random")).isNull();
        assertThat(vm.channelChoices()).filteredOn(ChannelChoice::joined).extracting(ChannelChoice::name)
                .containsExactly("random");
    }

    @Test
    void aChannelChoiceMatchesWhatIsTypedAnywhereInItsNameIgnoringCase() {
        ChannelChoice c = new ChannelChoice("Release-Notes", null, false);
        assertThat(c.matches("")).isTrue();
        assertThat(c.matches("#rel")).isTrue();
        assertThat(c.matches("NOTES")).isTrue();
        assertThat(c.matches("zebra")).isFalse();
    }

    @Test
    void joiningAChannelChecksTheName() {
        assertThat(vm.joinChannel("bad name")).contains("channel name");
        assertThat(vm.joinChannel("tasks")).isNotNull();
        assertThat(vm.joinChannel("#random")).isNull();
        assertThat(joined).containsExactly("random");
        assertThat(vm.selected().get().key()).isEqualTo(ConversationKey.channel("random"));
        assertThat(vm.channels()).hasSize(1);
        vm.received(new ServerMessage.Threads(List.of(), List.of(), null));
        assertThat(vm.channels()).as("a joined channel stays while it is empty").hasSize(1);
    }

    @Test
    void aSnippetMarksEveryMatchIgnoringCase() {
        assertThat(SearchHits.highlight("Cache it; the CACHE saves", "cache")).extracting(p -> p[0] + (p[1] == null ? "" : "*"))
                .containsExactly("Cache*", " it; the ", "CACHE*", " saves");
        assertThat(SearchHits.highlight("nothing here", "zebra")).extracting(p -> p[0]).containsExactly("nothing here");
    }

    @Test
    void pinnedThreadsComeFirstOnEveryDeviceAndFoldersFilterTheList() {
        vm.received(new ServerMessage.Threads(List.of(
                thread("t-new", "Release notes", 4, 0, 40, "2026-11-25T11:00:00.000Z"),
                new ThreadInfo("t-old", "Tokenizers", 2, 0, 12L, "2026-11-20T09:00:00.000Z", true, "Research", null),
                new ThreadInfo("t-mid", "Benchmarks", 2, 0, 20L, "2026-11-22T09:00:00.000Z", null, "Work",
                        new ThreadSettings("mistral-7b", null, 0.2))), List.of(), null));
        assertThat(vm.threads()).extracting(c -> c.title().get()).containsExactly("Tokenizers", "Release notes", "Benchmarks");
        assertThat(vm.folders()).containsExactly("Research", "Work");
        ConversationItem mid = vm.threads().get(2);
        assertThat(mid.settings().get().model()).isEqualTo("mistral-7b");
        sent.clear();

        vm.pin(mid, true);
        assertThat(vm.threads()).extracting(c -> c.title().get()).containsExactly("Benchmarks", "Tokenizers", "Release notes")
                .as("two pinned: newest first among them");
        vm.folderShown().set("Work");
        assertThat(vm.threads()).extracting(c -> c.title().get()).containsExactly("Benchmarks");
        vm.file(mid, "  ");
        assertThat(vm.threads()).as("moved out of the folder shown").isEmpty();
        assertThat(vm.folders()).containsExactly("Research");
        vm.folderShown().set(null);
        assertThat(vm.threads()).hasSize(3);
        vm.applySettings(mid, ThreadSettings.DEFAULTS);
        assertThat(sent).extracting(Sent::message).containsExactly(
                ClientMessage.ThreadUpdate.pin("t-mid", true),
                ClientMessage.ThreadUpdate.file("t-mid", ""),
                ClientMessage.ThreadUpdate.settings("t-mid", ThreadSettings.DEFAULTS));

        // another device unpins and files it: this one follows
        vm.received(new ServerMessage.ThreadUpdate("t-mid", null, null, false, "Archive", new ThreadSettings(null, "Short.", null)));
        assertThat(mid.pinned().get()).isFalse();
        assertThat(mid.folder().get()).isEqualTo("Archive");
        assertThat(mid.settings().get().systemPrompt()).isEqualTo("Short.");
        assertThat(vm.folders()).containsExactly("Archive", "Research");
        assertThat(vm.threads()).extracting(c -> c.title().get()).containsExactly("Tokenizers", "Release notes", "Benchmarks");
    }

    @Test
    void aNewChatStartedInAFolderIsFiledThereAndSeveralThreadsGoAtOnce() {
        vm.received(listing());
        vm.received(new ServerMessage.ThreadUpdate("t-old", null, null, null, "Work", null));
        vm.folderShown().set("Work");
        sent.clear();
        ConversationItem fresh = vm.newThread();
        assertThat(fresh.folder().get()).isEqualTo("Work");
        assertThat(sent).extracting(Sent::message)
                .contains(ClientMessage.ThreadUpdate.file(fresh.key().threadId(), "Work"));
        vm.folderShown().set(null);
        sent.clear();
        vm.delete(List.copyOf(vm.threads()));
        assertThat(sent).extracting(Sent::message).containsExactlyInAnyOrder(
                new ClientMessage.ThreadUpdate("t-new", null, true), new ClientMessage.ThreadUpdate("t-old", null, true),
                new ClientMessage.ThreadUpdate(fresh.key().threadId(), null, true));
        assertThat(vm.folders()).isEmpty();
    }

    @Test
    void theThreadOpenLastTimeIsOpenedAgainWhileItIsThere() {
        vm.reopen("t-old");
        vm.received(listing());
        assertThat(vm.selected().get().key()).isEqualTo(ConversationKey.thread("t-old"));
    }

    @Test
    void aThreadToReopenThatIsGoneOpensTheNewest() {
        vm.reopen("t-deleted-elsewhere");
        vm.received(listing());
        assertThat(vm.selected().get().key()).isEqualTo(ConversationKey.thread("t-new"));
    }

    @Test
    void aBurstOfMessagesReachesTheUiThreadAsOneTaskAndSortsTheListsOnce() {
        List<Runnable> uiQueue = new ArrayList<>();
        SidebarViewModel later = new SidebarViewModel((ch, m) -> { }, uiQueue::add, joined::add, left::add, clock);
        later.connected("ada");
        uiQueue.forEach(Runnable::run);
        uiQueue.clear();
        later.received(listing());
        uiQueue.forEach(Runnable::run);
        uiQueue.clear();
        List<String> changes = new ArrayList<>();
        later.threads().addListener((javafx.collections.ListChangeListener<ConversationItem>) c -> {
            while (c.next()) {
                changes.add(c.wasPermutated() ? "sorted" : c.wasAdded() ? "added" : "other");
            }
        });
        for (int i = 0; i < 50; i++) { // the old thread gets 50 answers in a burst
            later.received(null, new ChatMessage("a" + i, "t-old", "m-" + (100 + i), 100L + i, "assistant",
                    "2026-11-25T11:59:00.000Z", true, "a" + i, null, null, null));
        }
        assertThat(uiQueue).as("one task for the UI thread, not one per message").hasSize(1);
        uiQueue.get(0).run();
        assertThat(later.threads().get(0).key().threadId()).as("the old thread moved up").isEqualTo("t-old");
        assertThat(later.threads().get(0).unread().get()).isEqualTo(50);
        assertThat(changes).as("sorted once").containsExactly("sorted");
        uiQueue.clear();
        later.received(null, ChatMessage.of("next", "t-new", "m-200", 200, "bob", null));
        assertThat(uiQueue).as("the next burst gets its own task").hasSize(1);
    }
}
