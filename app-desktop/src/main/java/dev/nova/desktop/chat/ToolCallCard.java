package dev.nova.desktop.chat;

import dev.nova.protocol.ToolCallStatus;
import dev.nova.protocol.ToolDecision;
import dev.nova.protocol.ToolUse;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * One MCP tool call in an answer, as a compact card: the tool and its server, where the call is,
 * how long it ran; unfolded, the arguments and the result or error. A call waiting for the person
 * shows Allow once, Always allow, and Deny with an optional reason the model is told.
 */
public final class ToolCallCard {
    private ToolCallCard() {}

    /** What the person decided about a waiting call. */
    public interface Decider {
        void decide(String callId, ToolDecision decision, String reason);
    }

    /** "read_text_file · files  ·  succeeded in 120 ms". */
    static String heading(ToolUse call) {
        return call.tool() + " \u00b7 " + call.server() + "  \u00b7  " + status(call);
    }

    static String status(ToolUse call) {
        return switch (call.status()) {
            case PENDING_APPROVAL -> "waiting for you";
            case RUNNING -> "running\u2026";
            case SUCCEEDED -> "done" + ran(call);
            case FAILED -> "failed" + ran(call) + (call.error() == null ? "" : ": " + firstLine(call.error()));
            case DENIED -> call.error() == null ? "denied" : firstLine(call.error());
        };
    }

    private static String ran(ToolUse call) {
        return call.durationMs() == null ? "" : " in " + millis(call.durationMs());
    }

    static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    public static Node build(ToolUse call, Decider decider) {
        VBox details = new VBox(4);
        TitledPane pane = new TitledPane(heading(call), details);
        pane.setId("tool-call-" + call.callId());
        pane.getStyleClass().addAll("tool-card", "tool-" + call.status().wire().replace('_', '-'));
        pane.setExpanded(false);
        pane.setAnimated(false);
        pane.setTooltip(new Tooltip(call.tool() + " of the MCP server " + call.server()));
        Runnable fill = () -> {
            if (details.getChildren().isEmpty()) { // built when first opened
                details.getChildren().add(section("Arguments", pretty(call.arguments())));
                if (call.result() != null) {
                    details.getChildren().add(section("Result", call.result()));
                }
                if (call.error() != null) {
                    details.getChildren().add(section(call.status() == ToolCallStatus.DENIED ? "Denied" : "Error",
                            call.error()));
                }
            }
        };
        pane.expandedProperty().addListener((o, was, now) -> {
            if (now) {
                fill.run();
            }
        });
        if (call.status() != ToolCallStatus.PENDING_APPROVAL) {
            return pane;
        }
        pane.setExpanded(true); // what it wants to do, before the person decides
        fill.run();
        Button once = new Button("Allow once");
        once.setId("tool-allow-once-" + call.callId());
        once.getStyleClass().add("accent");
        Button always = new Button("Always allow");
        always.setId("tool-allow-always-" + call.callId());
        always.setTooltip(new Tooltip("Run " + call.tool() + " of " + call.server() + " without asking from now on"));
        TextField reason = new TextField();
        reason.setId("tool-reason-" + call.callId());
        reason.setPromptText("Why not? (optional)");
        reason.setTooltip(new Tooltip("If you deny the call, the model is told this reason"));
        HBox.setHgrow(reason, Priority.ALWAYS);
        Button deny = new Button("Deny");
        deny.setId("tool-deny-" + call.callId());
        deny.getStyleClass().add("danger");
        once.setOnAction(e -> decided(decider, call, ToolDecision.ALLOW_ONCE, null, once, always, deny, reason));
        always.setOnAction(e -> decided(decider, call, ToolDecision.ALLOW_ALWAYS, null, once, always, deny, reason));
        deny.setOnAction(e -> decided(decider, call, ToolDecision.DENY, reason.getText(), once, always, deny, reason));
        reason.setOnAction(e -> deny.fire());
        HBox buttons = new HBox(6, once, always, reason, deny);
        buttons.setAlignment(Pos.CENTER_LEFT);
        for (Button b : new Button[] {once, always, deny}) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        VBox card = new VBox(4, pane, buttons);
        card.getStyleClass().add("tool-approval");
        return card;
    }

    /** Sent once: the buttons wait for the server's word (any of the person's devices may have decided first). */
    private static void decided(Decider decider, ToolUse call, ToolDecision decision, String reason, Node... controls) {
        for (Node n : controls) {
            n.setDisable(true);
        }
        decider.decide(call.callId(), decision, reason);
    }

    private static Node section(String title, String text) {
        Label heading = new Label(title);
        heading.getStyleClass().add("msg-figures");
        TextArea body = new TextArea(text);
        body.setEditable(false);
        body.setWrapText(true);
        body.getStyleClass().add("tool-text");
        body.setPrefRowCount((int) Math.max(1, Math.min(12, text.lines().count() + 1)));
        return new VBox(2, heading, body);
    }

    /** JSON arguments indented for reading; anything else as it came. */
    static String pretty(String json) {
        try {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(m.readTree(json));
        } catch (Exception notJson) {
            return json;
        }
    }
}
