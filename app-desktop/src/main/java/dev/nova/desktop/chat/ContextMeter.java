package dev.nova.desktop.chat;

import dev.nova.protocol.Stats;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The composer's context meter: how much of the model's context the open thread took with its
 * last answer ("Context 180 / 256 tokens, 22 earlier messages left out"); empty when the model
 * server does not say.
 */
final class ContextMeter {
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");

    ReadOnlyStringProperty text() {
        return text.getReadOnlyProperty();
    }

    /** Works the figure out again from the newest answer in {@code shown} that carries one. */
    void update(List<MessageItem> shown) {
        for (int i = shown.size() - 1; i >= 0; i--) {
            Stats s = shown.get(i).stats().get();
            if (s != null && s.contextTokens() != null) {
                long left = s.leftOut() == null ? 0 : s.leftOut();
                text.set("Context " + (s.promptTokens() == null ? "?" : s.promptTokens()) + " / " + s.contextTokens()
                        + " tokens" + (left == 0 ? "" : ", " + MessageItem.leftOut(left)));
                return;
            }
        }
        text.set("");
    }
}
