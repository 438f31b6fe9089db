package dev.nova.desktop.chat;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.parser.Parser;

/**
 * Markdown as JavaFX nodes (commonmark-java): headings, paragraphs with emphasis and inline code,
 * lists, quotes, tables, and code blocks with a copy button. Style classes ({@code md-h1},
 * {@code md-code-block} ...) come from the app's stylesheet.
 */
public final class MarkdownView {
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    private MarkdownView() {}

    /** The text of a Markdown message without its markup, as a reader would copy it. */
    public static String plainText(String markdown) {
        org.commonmark.node.Node doc = PARSER.parse(markdown == null ? "" : markdown);
        return org.commonmark.renderer.text.TextContentRenderer.builder().build().render(doc).strip();
    }

    /** Puts {@code text} on the system clipboard. */
    public static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    public static Node render(String markdown) {
        VBox box = new VBox(6);
        box.getStyleClass().add("md");
        box.getChildren().addAll(blocks(markdown));
        return box;
    }

    /** The top-level blocks of a Markdown text, as nodes. */
    public static List<Node> blocks(String markdown) {
        List<Node> out = new java.util.ArrayList<>();
        org.commonmark.node.Node doc = PARSER.parse(markdown == null ? "" : markdown);
        for (org.commonmark.node.Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            out.add(block(n, 0));
        }
        return out;
    }

    private static Node block(org.commonmark.node.Node n, int depth) {
        if (n instanceof Heading h) {
            TextFlow flow = inline(h);
            flow.getStyleClass().add("md-h" + Math.min(h.getLevel(), 3));
            return flow;
        }
        if (n instanceof FencedCodeBlock f) {
            return codeBlock(f.getLiteral());
        }
        if (n instanceof IndentedCodeBlock c) {
            return codeBlock(c.getLiteral());
        }
        if (n instanceof BulletList || n instanceof OrderedList) {
            VBox list = new VBox(2);
            int number = n instanceof OrderedList o && o.getMarkerStartNumber() != null ? o.getMarkerStartNumber() : 1;
            for (org.commonmark.node.Node item = n.getFirstChild(); item != null; item = item.getNext()) {
                Label marker = new Label(n instanceof OrderedList ? (number++) + "." : "\u2022");
                marker.setMinWidth(18);
                VBox content = new VBox(2);
                for (org.commonmark.node.Node c = item.getFirstChild(); c != null; c = c.getNext()) {
                    content.getChildren().add(block(c, depth + 1));
                }
                HBox row = new HBox(4, marker, content);
                HBox.setHgrow(content, Priority.ALWAYS);
                list.getChildren().add(row);
            }
            return list;
        }
        if (n instanceof BlockQuote q) {
            VBox quote = new VBox(4);
            quote.getStyleClass().add("md-quote");
            for (org.commonmark.node.Node c = q.getFirstChild(); c != null; c = c.getNext()) {
                quote.getChildren().add(block(c, depth + 1));
            }
            return quote;
        }
        if (n instanceof TableBlock t) {
            return table(t);
        }
        if (n instanceof Paragraph || n instanceof ListItem) {
            return inline(n);
        }
        return inline(n);
    }

    private static Node codeBlock(String code) {
        // A TextFlow, like paragraphs: it wraps long lines and reports the height it needs (a
        // wrapping Label inside a list cell was given one line under the Primer theme).
        Text literal = new Text(code.endsWith("\n") ? code.substring(0, code.length() - 1) : code);
        literal.getStyleClass().addAll("md-text", "md-code-text");
        TextFlow text = new TextFlow(literal);
        text.getStyleClass().add("md-code-block");
        text.setMaxWidth(Double.MAX_VALUE);
        Button copy = new Button("Copy");
        copy.getStyleClass().add("md-copy");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(code);
            Clipboard.getSystemClipboard().setContent(content);
            copy.setText("Copied");
        });
        StackPane pane = new StackPane(text, copy);
        StackPane.setAlignment(copy, javafx.geometry.Pos.TOP_RIGHT);
        StackPane.setMargin(copy, new Insets(4));
        return pane;
    }

    private static Node table(TableBlock t) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("md-table");
        int row = 0;
        for (org.commonmark.node.Node section = t.getFirstChild(); section != null; section = section.getNext()) {
            for (org.commonmark.node.Node r = section.getFirstChild(); r != null; r = r.getNext()) {
                int col = 0;
                for (org.commonmark.node.Node c = r.getFirstChild(); c != null; c = c.getNext()) {
                    TextFlow cell = inline(c);
                    cell.getStyleClass().add(c instanceof TableCell tc && tc.isHeader() ? "md-th" : "md-td");
                    cell.setPadding(new Insets(3, 8, 3, 8));
                    grid.add(cell, col++, row);
                }
                row++;
            }
        }
        return grid;
    }

    private static TextFlow inline(org.commonmark.node.Node parent) {
        TextFlow flow = new TextFlow();
        appendInline(flow, parent, false, false);
        Region.class.cast(flow).setMaxWidth(Double.MAX_VALUE);
        return flow;
    }

    private static void appendInline(TextFlow flow, org.commonmark.node.Node parent, boolean bold, boolean italic) {
        for (org.commonmark.node.Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof org.commonmark.node.Text t) {
                flow.getChildren().add(styled(t.getLiteral(), bold, italic, false));
            } else if (n instanceof Code c) {
                flow.getChildren().add(styled(c.getLiteral(), bold, italic, true));
            } else if (n instanceof StrongEmphasis) {
                appendInline(flow, n, true, italic);
            } else if (n instanceof Emphasis) {
                appendInline(flow, n, bold, true);
            } else if (n instanceof SoftLineBreak) {
                flow.getChildren().add(new Text(" "));
            } else if (n instanceof HardLineBreak) {
                flow.getChildren().add(new Text("\n"));
            } else {
                appendInline(flow, n, bold, italic);
            }
        }
    }

    private static Text styled(String s, boolean bold, boolean italic, boolean code) {
        Text t = new Text(s);
        t.getStyleClass().add("md-text");
        if (bold) {
            t.getStyleClass().add("md-strong");
        }
        if (italic) {
            t.getStyleClass().add("md-em");
        }
        if (code) {
            t.getStyleClass().add("md-code");
        }
        return t;
    }
}
