package dev.nova.desktop.sidebar;

import dev.nova.desktop.chat.ConversationKey;
import dev.nova.desktop.net.Outgoing;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ChannelInfo;
import dev.nova.protocol.Check;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.SearchHit;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ThreadInfo;
import dev.nova.protocol.ThreadSettings;
import dev.nova.protocol.ThreadTitles;
import dev.nova.protocol.Timestamps;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The left sidebar: the person's assistant threads and the channels they read, newest activity
 * first, with unread counts; new, rename, delete, join a channel; search over titles (here) and
 * message text (on the server). The open conversation is {@link #selected()}; what is read there
 * is marked read on the server, so unread counts agree across devices and restarts.
 */
public final class SidebarViewModel {
    /** Shortest query sent to the server; titles are matched from the first letter. */
    public static final int MIN_SEARCH = 2;
    static final int SEARCH_RESULTS = 30;
    /** Pinned threads on top, then newest activity first (a thread without messages counts as newest). */
    private static final Comparator<ConversationItem> NEWEST_FIRST = Comparator
            .comparing((ConversationItem c) -> !c.pinned().get())
            .thenComparing(Comparator.comparing(
                    (ConversationItem c) -> c.lastAt().get() == null ? Instant.MAX : c.lastAt().get()).reversed());

    private final Outgoing out;
    private final UiExecutor ui;
    private final Consumer<String> join;
    private final Consumer<String> leave;
    private final Clock clock;
    private final ReadMarks marks;
    private final ThreadCommands commands;
    private final ObservableList<ConversationItem> threads = FXCollections.observableArrayList();
    private final ObservableList<ConversationItem> channels = FXCollections.observableArrayList();
    private final FilteredList<ConversationItem> shownThreads = new FilteredList<>(threads);
    private final FilteredList<ConversationItem> shownChannels = new FilteredList<>(channels);
    private final ObservableList<SearchHit> hits = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper query = new ReadOnlyStringWrapper("");
    private final ObjectProperty<ConversationItem> selected = new SimpleObjectProperty<>();
    private final ObjectProperty<SearchHit> hitOpened = new SimpleObjectProperty<>();
    private final ObservableList<String> folders = FXCollections.observableArrayList();
    private final ObjectProperty<String> folderShown = new SimpleObjectProperty<>();
    private final javafx.beans.property.ReadOnlyIntegerWrapper totalUnread = new javafx.beans.property.ReadOnlyIntegerWrapper();
    private final Map<ConversationKey, ConversationItem> byKey = new HashMap<>();
    /** The channels this person left that hold messages, with their last activity. */
    private final Map<String, Instant> left = new HashMap<>();
    private volatile String me;
    private boolean listed;
    private String wanted;

    /**
     * @param join subscribes to a channel, now and after every reconnect
     * @param leave unsubscribes from a channel for good (the server stops listing it)
     */
    public SidebarViewModel(Outgoing out, UiExecutor ui, Consumer<String> join, Consumer<String> leave, Clock clock) {
        this.out = out;
        this.ui = ui;
        this.join = join;
        this.leave = leave;
        this.clock = clock;
        this.marks = new ReadMarks(out, clock);
        this.commands = new ThreadCommands(out, () -> threads.sort(NEWEST_FIRST), this::refreshFolders);
        folderShown.addListener((o, was, now) -> filter());
    }

    public ObservableList<ConversationItem> threads() {
        return shownThreads;
    }

    public ObservableList<ConversationItem> channels() {
        return shownChannels;
    }

    /** The channels the join dialog offers: those in the list and those left, newest activity first. */
    public List<ChannelChoice> channelChoices() {
        List<ChannelChoice> all = new ArrayList<>();
        channels.forEach(c -> all.add(new ChannelChoice(c.key().channel(), c.lastAt().get(), true)));
        left.forEach((name, at) -> all.add(new ChannelChoice(name, at, false)));
        all.sort(Comparator.comparing(ChannelChoice::lastAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(ChannelChoice::name));
        return all;
    }

    /** The folders the threads are filed in, sorted by name. */
    public ObservableList<String> folders() {
        return folders;
    }

    private final ObservableList<String> toolServers = javafx.collections.FXCollections.observableArrayList();

    /** The MCP servers a thread's settings may turn on (kept in step with the server's list; UI thread). */
    public ObservableList<String> toolServers() {
        return toolServers;
    }

    /**
     * The folder whose threads the list shows; null: every thread. A folder that empties is
     * shown until another is chosen (so a thread moved out of it does not jump the list away).
     */
    public ObjectProperty<String> folderShown() {
        return folderShown;
    }

    /** Messages whose text matches the search, newest first. */
    public ObservableList<SearchHit> hits() {
        return hits;
    }

    public ReadOnlyStringProperty query() {
        return query.getReadOnlyProperty();
    }

    /** Unread messages in all conversations together (the window's title shows it). */
    public javafx.beans.property.ReadOnlyIntegerProperty totalUnread() {
        return totalUnread.getReadOnlyProperty();
    }

    /** The open conversation. */
    public ReadOnlyObjectProperty<ConversationItem> selected() {
        return selected;
    }

    /** The title of a conversation, or a short label for a channel, for showing a search hit. */
    public String titleOf(ConversationKey key) {
        ConversationItem item = byKey.get(key);
        return item != null ? item.title().get() : key.isChannel() ? "#" + key.channel() : ThreadTitles.UNTITLED;
    }

    /**
     * The thread to open when the list first comes (the one open when the app last closed, or
     * before the settings changed); the newest one when it is gone.
     */
    public void reopen(String threadId) {
        wanted = threadId;
    }

    // ---- network thread

    /** Connected (again) as {@code identity}: the list is asked for anew, which also recounts unread. */
    public void connected(String identity) {
        me = identity;
        out.send(null, new ClientMessage.Threads());
    }

    public void received(ServerMessage.Threads list) {
        ui.execute(() -> apply(list));
    }

    public void received(ServerMessage.ThreadUpdate u) {
        ui.execute(() -> {
            ConversationItem item = byKey.get(ConversationKey.thread(u.threadId()));
            if (item == null) {
                return;
            }
            if (Boolean.TRUE.equals(u.deleted())) {
                remove(item);
                return;
            }
            if (u.title() != null) {
                item.title().set(u.title());
            }
            if (u.pinned() != null) {
                item.pinned().set(u.pinned());
                threads.sort(NEWEST_FIRST);
            }
            if (u.folder() != null) {
                item.folder().set(u.folder().isEmpty() ? null : u.folder());
                refreshFolders();
            }
            if (u.settings() != null) {
                item.settings().set(u.settings());
            }
        });
    }

    public void received(ServerMessage.Search result) {
        ui.execute(() -> {
            if (result.query().equals(query.get().strip())) {
                hits.setAll(result.results());
            }
        });
    }

    /** A message that arrived, waiting for the UI thread. */
    private record Arrival(ConversationKey key, ChatMessage message) {}

    private final java.util.Queue<Arrival> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * A stored message on {@code channel} (null: the person's assistant stream). Network thread: a
     * burst of them reaches the UI thread as one task and sorts the lists once, not once each.
     */
    public void received(String channel, ChatMessage m) {
        arrivals.add(new Arrival(ConversationKey.of(channel, m.threadId()), m));
        if (draining.compareAndSet(false, true)) {
            ui.execute(this::drainArrivals);
        }
    }

    private void drainArrivals() {
        draining.set(false); // from here on a new arrival schedules the next drain
        boolean threadsMoved = false;
        boolean channelsMoved = false;
        for (Arrival a; (a = arrivals.poll()) != null; ) {
            arrived(a.key(), a.message());
            threadsMoved |= !a.key().isChannel();
            channelsMoved |= a.key().isChannel();
        }
        if (threadsMoved) {
            threads.sort(NEWEST_FIRST);
        }
        if (channelsMoved) {
            channels.sort(NEWEST_FIRST);
        }
    }

    // ---- UI thread

    /** Opens a conversation: it is shown, and read. */
    public void open(ConversationItem item) {
        if (item == null) {
            return;
        }
        selected.set(item);
        marks.now(item);
    }

    /** Opens the conversation a search hit is in. */
    public void open(SearchHit hit) {
        ConversationKey key = ConversationKey.of(hit.channel(), hit.threadId());
        ConversationItem item = byKey.get(key);
        open(item != null ? item : add(key, titleOf(key), hit.offset(), null));
        hitOpened.set(null);
        hitOpened.set(hit);
    }

    /** The search hit opened last: the conversation shows that message. */
    public ReadOnlyObjectProperty<SearchHit> hitOpened() {
        return hitOpened;
    }

    /** Starts a new assistant thread and opens it; it is stored with its first message. */
    public ConversationItem newThread() {
        ConversationKey key = ConversationKey.thread("t-" + UUID.randomUUID().toString().substring(0, 12));
        ConversationItem item = add(key, ThreadTitles.UNTITLED, 0, clock.instant());
        item.local(true);
        open(item);
        if (folderShown.get() != null) {
            file(item, folderShown.get()); // a new chat started in a folder belongs to it
        }
        return item;
    }

    /** Renames an assistant thread; a blank title changes nothing. */
    public void rename(ConversationItem item, String title) {
        commands.rename(item, title);
    }

    /** Deletes an assistant thread and its messages (the view asks for confirmation first). */
    public void delete(ConversationItem item) {
        if (commands.delete(item)) {
            remove(item);
        }
    }

    /** Deletes several assistant threads at once (channels among them are left alone). */
    public void delete(java.util.Collection<ConversationItem> items) {
        ConversationItem open = selected.get();
        boolean openGoes = items.contains(open);
        if (openGoes) {
            selected.set(null); // the next one is opened once all are gone, not one by one
        }
        java.util.List.copyOf(items).forEach(this::delete);
        if (openGoes && selected.get() == null) {
            openFirst();
        }
    }

    /** Pins a thread on top of the list, or unpins it; on every device. */
    public void pin(ConversationItem item, boolean pin) {
        commands.pin(item, pin);
    }

    /** Files a thread in {@code folder}; null or blank takes it out of its folder. */
    public void file(ConversationItem item, String folder) {
        commands.file(item, folder);
    }

    /** Sets how the assistant answers in a thread: its model, system prompt and temperature. */
    public void applySettings(ConversationItem item, ThreadSettings settings) {
        commands.applySettings(item, settings);
    }

    /**
     * Joins (or creates, by writing to it) a channel and opens it.
     *
     * @return why the name cannot be a channel, or null when joined
     */
    public String joinChannel(String name) {
        String n = name == null ? "" : name.strip();
        if (n.startsWith("#")) {
            n = n.substring(1);
        }
        if (!Check.isName(n)) {
            return "A channel name is 1-128 letters, digits and _ . : -";
        }
        if (n.equals("tasks") || n.equals("agent-status")) {
            return "'" + n + "' is the task board's or the agent panel's own channel";
        }
        ConversationKey key = ConversationKey.channel(n);
        ConversationItem item = byKey.get(key);
        if (item == null) {
            item = add(key, n, 0, clock.instant());
        }
        left.remove(n);
        join.accept(n);
        open(item);
        return null;
    }

    /** Leaves a channel: it goes from the list (on every device) until joined again. */
    public void leaveChannel(ConversationItem item) {
        if (item == null || !item.key().isChannel()) {
            return;
        }
        leave.accept(item.key().channel());
        left.put(item.key().channel(), item.lastAt().get());
        remove(item);
    }

    /** Filters the lists by title now, and asks the server for messages containing the text. */
    public void search(String text) {
        String q = text == null ? "" : text.strip();
        query.set(q);
        filter();
        hits.clear();
        if (q.length() >= MIN_SEARCH) {
            out.send(null, new ClientMessage.Search(q.length() > ClientMessage.Search.MAX_QUERY
                    ? q.substring(0, ClientMessage.Search.MAX_QUERY) : q, SEARCH_RESULTS));
        }
    }

    /** The lists show what matches the search by title and, for threads, the folder chosen. */
    private void filter() {
        String lower = query.get().toLowerCase(Locale.ROOT);
        String folder = folderShown.get();
        java.util.function.Predicate<ConversationItem> titled =
                lower.isEmpty() ? c -> true : c -> c.title().get().toLowerCase(Locale.ROOT).contains(lower);
        shownThreads.setPredicate(folder == null ? titled : titled.and(c -> folder.equals(c.folder().get())));
        shownChannels.setPredicate(lower.isEmpty() ? null : titled);
    }

    private void refreshFolders() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        threads.forEach(t -> {
            if (t.folder().get() != null) {
                names.add(t.folder().get());
            }
        });
        if (!names.equals(new java.util.TreeSet<>(folders))) {
            folders.setAll(names);
        }
        filter(); // a thread's folder changed: whether it is shown may have too
    }

    private void apply(ServerMessage.Threads list) {
        Set<ConversationItem> listedNow = new HashSet<>();
        for (ThreadInfo t : list.threads()) {
            ConversationItem item = upsert(ConversationKey.thread(t.threadId()), t.title(), t.messages(), t.unread(),
                    t.lastOffset(), t.lastAt());
            item.pinned().set(t.isPinned());
            item.folder().set(t.folder());
            item.settings().set(t.settings() == null ? ThreadSettings.DEFAULTS : t.settings());
            listedNow.add(item);
        }
        left.clear();
        list.left().forEach(c -> left.put(c.channel(), c.lastAt() == null ? null : Timestamps.parse("last_at", c.lastAt())));
        for (ChannelInfo c : list.channels()) {
            ConversationItem item = upsert(ConversationKey.channel(c.channel()), c.channel(), c.messages(), c.unread(),
                    c.lastOffset(), c.lastAt());
            listedNow.add(item);
            join.accept(c.channel());
        }
        // gone elsewhere (deleted on another device); new local threads and joined channels stay
        for (ConversationItem item : byKey.values().toArray(ConversationItem[]::new)) {
            if (!listedNow.contains(item) && !item.local() && !item.key().isChannel()) {
                remove(item);
            }
        }
        ConversationItem open = selected.get();
        if (open != null && open.unread().get() > 0) {
            marks.now(open); // read while it was open, or on another device
        }
        threads.sort(NEWEST_FIRST);
        channels.sort(NEWEST_FIRST);
        refreshFolders();
        if (!listed) {
            listed = true;
            ConversationItem again = wanted == null ? null : byKey.get(ConversationKey.thread(wanted));
            if (again != null) {
                open(again);
            } else if (selected.get() == null) {
                openFirst();
            }
        }
    }

    private ConversationItem upsert(ConversationKey key, String title, int messages, int unread, long lastOffset,
                                    String lastAt) {
        ConversationItem item = byKey.get(key);
        if (item == null) {
            item = add(key, title, lastOffset, lastAt == null ? null : Timestamps.parse("last_at", lastAt));
        } else {
            item.title().set(title);
            item.lastAt().set(lastAt == null ? item.lastAt().get() : Timestamps.parse("last_at", lastAt));
        }
        item.summary(messages, lastOffset);
        item.local(false);
        item.unread().set(item == selected.get() ? 0 : unread);
        return item;
    }

    private void arrived(ConversationKey key, ChatMessage m) {
        ConversationItem item = byKey.get(key);
        if (item == null) {
            item = add(key, key.isChannel() ? key.channel() : ThreadTitles.derived(m.content()), m.offset(), null);
        } else if (ThreadTitles.UNTITLED.equals(item.title().get()) && item.messages() == 0 && !key.isChannel()) {
            item.title().set(ThreadTitles.derived(m.content())); // as the server will name it
        }
        item.counted(m.offset());
        item.lastAt().set(m.createdAt() != null ? Timestamps.parse("created_at", m.createdAt()) : clock.instant());
        if (item == selected.get()) {
            marks.soon(item);
        } else if (!m.sender().equals(me)) {
            item.unread().set(item.unread().get() + 1);
        }
    }

    private ConversationItem add(ConversationKey key, String title, long lastOffset, Instant lastAt) {
        ConversationItem item = new ConversationItem(key, title);
        item.unread().addListener((o, was, now) -> totalUnread.set(totalUnread.get() - was.intValue() + now.intValue()));
        item.summary(0, lastOffset);
        item.lastAt().set(lastAt);
        byKey.put(key, item);
        ObservableList<ConversationItem> list = key.isChannel() ? channels : threads;
        list.add(0, item);
        return item;
    }

    private void remove(ConversationItem item) {
        byKey.remove(item.key());
        item.unread().set(0); // out of the total
        (item.key().isChannel() ? channels : threads).remove(item);
        if (item.folder().get() != null) {
            refreshFolders();
        }
        if (item == selected.get()) {
            openFirst();
        }
    }

    private void openFirst() {
        if (!threads.isEmpty()) {
            open(threads.get(0));
        } else {
            newThread();
        }
    }

    /** UI thread, every frame: sends the mark a burst of messages left waiting, once its second is over. */
    public void flushRead() {
        marks.flush();
    }
}
