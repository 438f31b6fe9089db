package dev.nova.desktop.sidebar;

import dev.nova.desktop.chat.ConversationKey;
import dev.nova.protocol.SearchHit;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** Messages found by search, shown in the sidebar: where each is, who wrote it, the match in bold. */
final class SearchHits {
    private SearchHits() {}

    /**
     * A message found by search: where it is, who wrote it, and the text around the match, the
     * match in bold. Click, Enter or Space opens its conversation.
     */
    static Node node(SidebarViewModel vm, SearchHit hit) {
        Label where = new Label(vm.titleOf(ConversationKey.of(hit.channel(), hit.threadId())) + "  \u00b7  " + hit.sender());
        where.getStyleClass().add("nova-hint");
        where.setMinWidth(0);
        TextFlow snippet = new TextFlow();
        for (String[] part : highlight(hit.snippet(), vm.query().get())) {
            Text t = new Text(part[0]);
            t.getStyleClass().add(part[1] != null ? "search-match" : "search-text");
            snippet.getChildren().add(t);
        }
        VBox box = new VBox(2, where, snippet);
        box.getStyleClass().add("search-hit");
        box.setFocusTraversable(true);
        box.setOnMouseClicked(e -> vm.open(hit));
        box.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                vm.open(hit);
            }
        });
        return box;
    }

    /** The text in pieces, each marked as a case-insensitive match of {@code query} (non-null second) or not. */
    static java.util.List<String[]> highlight(String text, String query) {
        java.util.List<String[]> parts = new java.util.ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        int from = 0;
        if (!q.isEmpty() && lower.length() == text.length()) {
            for (int at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length())) {
                if (at > from) {
                    parts.add(new String[] {text.substring(from, at), null});
                }
                parts.add(new String[] {text.substring(at, at + q.length()), "match"});
                from = at + q.length();
            }
        }
        if (from < text.length()) {
            parts.add(new String[] {text.substring(from), null});
        }
        return parts;
    }
}
