package dev.nova.desktop.chat;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.layout.VBox;

/**
 * Markdown for an answer that is still streaming: the blocks before the last blank line are
 * rendered once and kept; each update redraws only the last, unfinished block. Once the answer is
 * complete the whole text is rendered once more, so a construct that spans blank lines (a list, a
 * table) ends up exactly right.
 */
public final class GrowingMarkdown {
    private static final String CURSOR = " \u258d";

    private final VBox box = new VBox(6);
    private String stable = "";
    private int stableNodes;
    private String shown;

    public GrowingMarkdown() {
        box.getStyleClass().add("md");
    }

    public Node node() {
        return box;
    }

    public void show(String text, boolean streaming) {
        String key = text + (streaming ? CURSOR : "");
        if (key.equals(shown)) {
            return;
        }
        shown = key;
        if (!streaming) {
            box.getChildren().setAll(MarkdownView.blocks(text));
            stable = "";
            stableNodes = 0;
            return;
        }
        int cut = text.lastIndexOf("\n\n");
        String prefix = cut < 0 ? "" : text.substring(0, cut + 2);
        if (!prefix.startsWith(stable) || openFence(prefix)) {
            box.getChildren().clear();
            stable = "";
            stableNodes = 0;
        }
        if (prefix.length() > stable.length() && !openFence(prefix)) {
            List<Node> added = MarkdownView.blocks(prefix.substring(stable.length()));
            box.getChildren().remove(stableNodes, box.getChildren().size());
            box.getChildren().addAll(added);
            stableNodes += added.size();
            stable = prefix;
        }
        box.getChildren().remove(stableNodes, box.getChildren().size());
        box.getChildren().addAll(MarkdownView.blocks(text.substring(stable.length()) + CURSOR));
    }

    /** An odd number of code fences: a code block is still open, so do not cut inside it. */
    private static boolean openFence(String s) {
        int count = 0;
        for (int i = s.indexOf("```"); i >= 0; i = s.indexOf("```", i + 3)) {
            count++;
        }
        return count % 2 == 1;
    }
}
