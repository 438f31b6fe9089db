package dev.nova.desktop.importing;

import dev.nova.desktop.net.Outgoing;
import dev.nova.desktop.ui.Plural;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ClientMessage.ThreadImport;
import dev.nova.protocol.ServerMessage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * An import under way: its frames sent one at a time, each after the server stored the one before
 * ({@code thread_import}), at most one every {@link #PACE_MS} ms so the connection stays under the
 * server's message rate; the progress, and a summary when it ends. After a reconnect the frame in
 * flight is sent again (the server stores nothing twice).
 */
public final class ImportViewModel {
    /** The shortest time between two frames: 40 a second, under the server's default 50. */
    static final long PACE_MS = 25;

    private final Outgoing out;
    private final UiExecutor ui;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nova-import");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    // the import's state: touched on the pacer thread only
    private final Deque<ThreadImport> frames = new ArrayDeque<>();
    private ThreadImport inFlight;
    private int total;
    private int done;
    private int stored;
    private int duplicates;
    private int threads;
    private int cut;

    public ImportViewModel(Outgoing out, UiExecutor ui) {
        this.out = out;
        this.ui = ui;
    }

    /** From 0 to 1: the messages the server has stored (or had already) of all to import. */
    public ReadOnlyDoubleProperty progress() {
        return progress.getReadOnlyProperty();
    }

    /** What is going on, then what was imported. */
    public ReadOnlyStringProperty summary() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty running() {
        return running.getReadOnlyProperty();
    }

    /** Starts importing these conversations (an import already running is left to finish first). */
    public void start(List<ImportFile.Conversation> conversations) {
        pacer.execute(() -> {
            if (inFlight != null || !frames.isEmpty()) {
                return;
            }
            total = 0;
            done = 0;
            stored = 0;
            duplicates = 0;
            cut = 0;
            threads = conversations.size();
            for (ImportFile.Conversation c : conversations) {
                frames.addAll(ImportFile.frames(c));
                total += c.messages().size();
                cut += c.cut();
            }
            if (frames.isEmpty()) {
                show(1, "Nothing to import: the file holds no messages", false);
                return;
            }
            show(0, "Importing " + Plural.of(threads, "conversation") + "\u2026", true);
            sendNext();
        });
    }

    /** Network thread: the server stored one frame. */
    public void received(ServerMessage.ThreadImport ack) {
        pacer.execute(() -> {
            if (inFlight == null || !inFlight.threadId().equals(ack.threadId())) {
                return;
            }
            done += inFlight.messages().size();
            stored += ack.stored();
            duplicates += ack.duplicates();
            inFlight = null;
            if (frames.isEmpty()) {
                show(1, finished(), false);
            } else {
                show(total == 0 ? 0 : (double) done / total, "Imported " + done + " of " + Plural.of(total, "message")
                        + "\u2026", true);
                pacer.schedule(this::sendNext, PACE_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Connected again: the frame that may have been lost goes once more. */
    public void connected() {
        pacer.execute(() -> {
            if (inFlight != null) {
                out.send(null, inFlight);
            }
        });
    }

    /** Stops after the frame in flight; what was stored stays. */
    public void cancel() {
        pacer.execute(() -> {
            frames.clear();
            if (inFlight != null) {
                inFlight = null;
                show(total == 0 ? 0 : (double) done / total, "Stopped: " + finished(), false);
            }
        });
    }

    private void sendNext() {
        inFlight = frames.poll();
        if (inFlight != null) {
            out.send(null, inFlight);
        }
    }

    private String finished() {
        return "Imported " + Plural.of(threads, "conversation") + ": " + Plural.of(stored, "new message")
                + (duplicates > 0 ? ", " + duplicates + " already there" : "")
                + (cut > 0 ? "; " + Plural.of(cut, "long message") + " cut to fit" : "");
    }

    private void show(double p, String text, boolean going) {
        ui.execute(() -> {
            progress.set(p);
            summary.set(text);
            running.set(going);
        });
    }
}
