package dev.nova.desktop.sidebar;

import dev.nova.desktop.net.Outgoing;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ThreadSettings;

/**
 * What a person does to an assistant thread from the sidebar - rename, pin, file in a folder, its
 * settings, delete: shown at once, and sent to the server, which tells the person's other devices.
 * Channels are left alone. UI thread.
 */
final class ThreadCommands {
    private final Outgoing out;
    private final Runnable resort;
    private final Runnable foldersChanged;

    ThreadCommands(Outgoing out, Runnable resort, Runnable foldersChanged) {
        this.out = out;
        this.resort = resort;
        this.foldersChanged = foldersChanged;
    }

    private static boolean isThread(ConversationItem item) {
        return item != null && !item.key().isChannel();
    }

    /** A blank title changes nothing; a long one is cut to the protocol's limit. */
    void rename(ConversationItem item, String title) {
        if (!isThread(item) || title == null || title.isBlank()) {
            return;
        }
        String t = title.strip();
        if (t.length() > ClientMessage.ThreadUpdate.MAX_TITLE) {
            t = t.substring(0, ClientMessage.ThreadUpdate.MAX_TITLE);
        }
        item.title().set(t);
        item.local(false); // a titled thread is stored even while empty
        out.send(null, new ClientMessage.ThreadUpdate(item.key().threadId(), t, null));
    }

    /** True when {@code item} is a thread, to be taken off the list (a stored one is deleted on the server too). */
    boolean delete(ConversationItem item) {
        if (!isThread(item)) {
            return false;
        }
        if (!item.local()) {
            out.send(null, new ClientMessage.ThreadUpdate(item.key().threadId(), null, true));
        }
        return true;
    }

    void pin(ConversationItem item, boolean pin) {
        if (!isThread(item) || item.pinned().get() == pin) {
            return;
        }
        item.pinned().set(pin);
        item.local(false); // a pinned thread is stored even while empty
        out.send(null, ClientMessage.ThreadUpdate.pin(item.key().threadId(), pin));
        resort.run();
    }

    /** Null or blank takes it out of its folder. */
    void file(ConversationItem item, String folder) {
        if (!isThread(item)) {
            return;
        }
        String f = folder == null ? "" : folder.strip();
        if (f.length() > ClientMessage.ThreadUpdate.MAX_FOLDER) {
            f = f.substring(0, ClientMessage.ThreadUpdate.MAX_FOLDER).strip();
        }
        item.folder().set(f.isEmpty() ? null : f);
        item.local(false);
        out.send(null, ClientMessage.ThreadUpdate.file(item.key().threadId(), f));
        foldersChanged.run();
    }

    void applySettings(ConversationItem item, ThreadSettings settings) {
        if (!isThread(item) || settings == null) {
            return;
        }
        item.settings().set(settings);
        item.local(false);
        out.send(null, ClientMessage.ThreadUpdate.settings(item.key().threadId(), settings));
    }
}
