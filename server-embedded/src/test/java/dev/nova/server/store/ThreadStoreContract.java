package dev.nova.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.store.ThreadStore.Found;
import dev.nova.protocol.ThreadSettings;
import dev.nova.server.store.ThreadStore.StreamRow;
import dev.nova.server.store.ThreadStore.ThreadMeta;
import dev.nova.server.store.ThreadStore.ThreadRow;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What every {@link ThreadStore} does, on SQLite and on Redis alike. */
public abstract class ThreadStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final String ANN = "@assistant/ann";

    protected abstract Store store();

    private long post(String stream, String thread, String sender, String text, int second) {
        return store().history().append(stream, new NewMessage(thread, sender, text, null, T0.plusSeconds(second)))
                .message().offset();
    }

    private Map<String, ThreadRow> threads(String stream, String reader) {
        return store().threads().threads(stream, reader).stream().collect(Collectors.toMap(ThreadRow::threadId, r -> r));
    }

    @Test
    void threadsAreSummedUpWithTitlesAndUnreadByOthers() {
        post(ANN, "t1", "ann", "first question", 1);
        post(ANN, "t1", "assistant", "first answer", 2);
        post(ANN, "t2", "ann", "second question", 3);
        long last = post(ANN, "t2", "assistant", "second answer", 4);
        store().threads().rename(ANN, "t2", "Renamed", T0.plusSeconds(10));
        store().threads().rename(ANN, "t3", "Empty but titled", T0.plusSeconds(11));

        Map<String, ThreadRow> rows = threads(ANN, "ann");
        assertThat(rows).containsOnlyKeys("t1", "t2", "t3");
        ThreadRow t1 = rows.get("t1");
        assertThat(t1.title()).isNull();
        assertThat(t1.firstMessage()).isEqualTo("first question");
        assertThat(t1.messages()).isEqualTo(2);
        assertThat(t1.unread()).isEqualTo(1); // the answer; her own question is not unread
        assertThat(t1.lastAt()).isEqualTo(T0.plusSeconds(2));
        ThreadRow t2 = rows.get("t2");
        assertThat(t2.title()).isEqualTo("Renamed");
        assertThat(t2.lastOffset()).isEqualTo(last);
        assertThat(t2.titledAt()).isEqualTo(T0.plusSeconds(10));
        ThreadRow t3 = rows.get("t3");
        assertThat(t3.messages()).isZero();
        assertThat(t3.lastAt()).isNull();
        assertThat(t3.title()).isEqualTo("Empty but titled");

        store().threads().markRead("ann", ANN, "t2", last);
        store().threads().markRead("ann", ANN, "t2", 1); // never back
        assertThat(threads(ANN, "ann").get("t2").unread()).isZero();
        assertThat(threads(ANN, "ann").get("t1").unread()).isEqualTo(1);
    }

    @Test
    void deletingAThreadTakesItsMessagesTitleAndMarks() {
        post(ANN, "t1", "ann", "keep", 1);
        post(ANN, "t2", "ann", "drop", 2);
        long answer = post(ANN, "t2", "assistant", "drop too", 3);
        store().threads().rename(ANN, "t2", "Doomed", T0);
        store().threads().markRead("ann", ANN, "t2", answer);
        assertThat(store().threads().delete(ANN, "t2")).isEqualTo(2);
        assertThat(threads(ANN, "ann")).containsOnlyKeys("t1");
        assertThat(store().history().after(ANN, 0, 10)).extracting(m -> m.content()).containsExactly("keep");
        post(ANN, "t2", "assistant", "a new t2", 4);
        assertThat(threads(ANN, "ann").get("t2").unread()).as("the old mark went with the thread").isEqualTo(1);
        assertThat(threads(ANN, "ann").get("t2").title()).isNull();
    }

    @Test
    void pinsFoldersAndSettingsChangeOnlyWhatIsGivenAndGoWithTheThread() {
        post(ANN, "t1", "ann", "question", 1);
        ThreadSettings french = new ThreadSettings("qwen2.5-7b-instruct", "Answer in French.", 0.2,
                java.util.List.of("filesystem", "search"));
        assertThat(store().threads().meta(ANN, "t1")).isEqualTo(ThreadMeta.NONE);

        ThreadMeta pinned = store().threads().annotate(ANN, "t1", true, null, null, T0.plusSeconds(5));
        assertThat(pinned.pinned()).isTrue();
        assertThat(pinned.folder()).isNull();
        assertThat(pinned.updatedAt()).isEqualTo(T0.plusSeconds(5));
        store().threads().annotate(ANN, "t1", null, "Work / Q3", null, T0.plusSeconds(6));
        ThreadMeta all = store().threads().annotate(ANN, "t1", null, null, french, T0.plusSeconds(7));
        assertThat(all).isEqualTo(new ThreadMeta(true, "Work / Q3", french, T0.plusSeconds(7)));
        assertThat(store().threads().meta(ANN, "t1")).isEqualTo(all);

        // an empty thread that was only given settings is found too; another person's stream is apart
        store().threads().annotate(ANN, "t-new", null, null, new ThreadSettings(null, "Be brief.", null), T0.plusSeconds(8));
        store().threads().annotate("@assistant/bob", "t1", true, null, null, T0);
        assertThat(store().threads().metas(ANN)).containsOnlyKeys("t1", "t-new");
        assertThat(store().threads().metas(ANN).get("t-new").settings().systemPrompt()).isEqualTo("Be brief.");

        // unpin, out of the folder, back to the defaults: nothing of its own is left
        store().threads().annotate(ANN, "t1", false, "", ThreadSettings.DEFAULTS, T0.plusSeconds(9));
        assertThat(store().threads().meta(ANN, "t1").isEmpty()).isTrue();
        assertThat(store().threads().metas(ANN)).containsOnlyKeys("t-new");

        store().threads().annotate(ANN, "t1", true, "Keep", french, T0.plusSeconds(10));
        store().threads().delete(ANN, "t1");
        assertThat(store().threads().meta(ANN, "t1")).as("gone with the thread").isEqualTo(ThreadMeta.NONE);
        assertThat(store().threads().metas("@assistant/bob")).containsOnlyKeys("t1");
    }

    @Test
    void channelsAreListedWithUnreadCappedAtAHundredUnlessLeft() {
        for (int i = 0; i < 120; i++) {
            post("news", "news", "bob", "n" + i, i);
        }
        post("news", "news", "ann", "mine", 200);
        post("quiet", "quiet", "ann", "only me", 201);
        post(ANN, "t1", "ann", "not a channel", 202);
        Map<String, StreamRow> rows = store().threads().channels("ann").stream()
                .collect(Collectors.toMap(StreamRow::stream, r -> r));
        assertThat(rows).containsOnlyKeys("news", "quiet");
        assertThat(rows.get("news").messages()).isEqualTo(121);
        assertThat(rows.get("news").unread()).isEqualTo(100);
        assertThat(rows.get("news").lastOffset()).isEqualTo(121);
        assertThat(rows.get("news").lastAt()).isEqualTo(T0.plusSeconds(200));
        assertThat(rows.get("quiet").unread()).isZero();

        store().threads().markRead("ann", "news", ThreadStore.WHOLE_STREAM, 115);
        assertThat(store().threads().channels("ann")).filteredOn(r -> r.stream().equals("news"))
                .extracting(StreamRow::unread).containsExactly(5);
        store().threads().leave("ann", "news");
        assertThat(store().threads().channels("ann")).extracting(StreamRow::stream).containsExactly("quiet");
        assertThat(store().threads().channels("bob")).extracting(StreamRow::stream).contains("news");
        assertThat(store().threads().channelsLeft("ann")).singleElement().satisfies(r -> {
            assertThat(r.stream()).isEqualTo("news");
            assertThat(r.lastOffset()).isEqualTo(121);
            assertThat(r.lastAt()).isEqualTo(T0.plusSeconds(200));
        });
        assertThat(store().threads().channelsLeft("bob")).isEmpty();
        store().threads().rejoin("ann", "news");
        assertThat(store().threads().channels("ann")).extracting(StreamRow::stream).contains("news");
        assertThat(store().threads().channelsLeft("ann")).isEmpty();
    }

    @Test
    void searchIsCaseInsensitiveNewestFirstWithLiteralWildcards() {
        post("news", "news", "bob", "Release NOTES are out", 1);
        post("news", "news", "bob", "100% done_now", 2);
        post(ANN, "t1", "ann", "my release plan", 3);
        post("other", "other", "bob", "release elsewhere", 4);
        List<Found> found = store().threads().search(List.of("news", ANN), "release", 10);
        assertThat(found).extracting(Found::content).containsExactly("my release plan", "Release NOTES are out");
        assertThat(found.get(0).stream()).isEqualTo(ANN);
        assertThat(found.get(0).threadId()).isEqualTo("t1");
        assertThat(store().threads().search(List.of("news"), "0% d", 10)).extracting(Found::content)
                .containsExactly("100% done_now");
        assertThat(store().threads().search(List.of("news"), "%", 10)).hasSize(1);
        assertThat(store().threads().search(List.of("news"), "e_n", 10)).extracting(Found::content)
                .containsExactly("100% done_now");
        assertThat(store().threads().search(List.of("news"), "x_x", 10)).isEmpty();
        assertThat(store().threads().search(List.of("news", ANN, "other"), "release", 2)).hasSize(2);
        assertThat(store().threads().search(List.of(), "release", 2)).isEmpty();
        assertThat(found).isSortedAccordingTo(Comparator.comparing(Found::createdAt).reversed());
    }

    @Test
    void searchFindsOnlyWhatAMessageSaysNotItsNumbersAndForgetsWhatWasDeleted() {
        for (int i = 1; i <= 600; i++) { // past more than one block of a store's search text
            post(ANN, "t" + (i % 3), i % 2 == 0 ? "assistant" : "ann", "note " + i, i);
        }
        // an imported conversation: stored last, written long before
        store().history().append(ANN, new NewMessage("old", "ann", "The 2019 NOTE about Caching", "imp-1",
                Instant.parse("2019-05-01T00:00:00Z")));
        assertThat(store().threads().search(List.of(ANN), "2026", 10)).as("a date is not text").isEmpty();
        assertThat(store().threads().search(List.of(ANN), "caching", 10)).extracting(Found::content)
                .containsExactly("The 2019 NOTE about Caching");
        List<Found> notes = store().threads().search(List.of(ANN), "NOTE ", 5);
        assertThat(notes).extracting(Found::content).as("the newest by time, not by offset")
                .containsExactly("note 600", "note 599", "note 598", "note 597", "note 596");
        assertThat(store().threads().search(List.of(ANN), "note 1", 1000)).hasSize(111); // 1, 10-19, 100-199
        var gone = store().history().before(ANN, "t0", null, 1).messages(); // note 600
        store().history().delete(ANN, gone);
        assertThat(store().threads().search(List.of(ANN), "note 600", 10)).isEmpty();
        store().threads().delete(ANN, "t1");
        assertThat(store().threads().search(List.of(ANN), "note 1", 1000)).extracting(Found::threadId)
                .doesNotContain("t1").hasSize(72);
        assertThat(store().threads().search(List.of(ANN), "note 299", 10)).extracting(Found::content)
                .containsExactly("note 299");
    }
}
