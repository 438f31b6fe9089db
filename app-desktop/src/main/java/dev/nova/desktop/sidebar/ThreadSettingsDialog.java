package dev.nova.desktop.sidebar;

import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ThreadSettings;
import java.util.Optional;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/**
 * A thread's own settings: the model that answers in it, its system prompt and temperature; each
 * left empty is the server's default. Shown from the thread's header or its context menu.
 */
public final class ThreadSettingsDialog {
    private ThreadSettingsDialog() {}

    /**
     * The settings the fields say: blank is the default; a temperature is a number from 0 to 2
     * ("0,7" is read as 0.7).
     *
     * @throws IllegalArgumentException saying what to fix
     */
    public static ThreadSettings read(String model, String systemPrompt, String temperature) {
        return read(model, systemPrompt, temperature, null);
    }

    /** {@link #read(String, String, String)}, with the MCP servers whose tools the assistant may call (none: null or empty). */
    public static ThreadSettings read(String model, String systemPrompt, String temperature, java.util.List<String> tools) {
        String m = blankToNull(model);
        String p = blankToNull(systemPrompt);
        String t = blankToNull(temperature);
        Double value = null;
        if (t != null) {
            try {
                value = Double.parseDouble(t.replace(',', '.'));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("The temperature is a number from 0 to 2, such as 0.7");
            }
        }
        try {
            return new ThreadSettings(m, p == null ? null : systemPrompt.strip(), value,
                    tools == null || tools.isEmpty() ? null : java.util.List.copyOf(tools));
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(switch (e.path()) {
                case "temperature" -> "The temperature is a number from 0 to 2, such as 0.7";
                case "model" -> "The model name is at most " + ThreadSettings.MAX_MODEL + " characters";
                case "tools" -> "A thread may use at most " + ThreadSettings.MAX_TOOL_SERVERS + " MCP servers";
                default -> "The system prompt is at most " + ThreadSettings.MAX_SYSTEM_PROMPT + " characters";
            });
        }
    }

    /** One line for the header: "qwen2.5-7b · temperature 0.2 · own system prompt", or "" for none. */
    public static String summary(ThreadSettings s) {
        if (s == null || s.isDefault()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        if (s.model() != null) {
            b.append(s.model());
        }
        if (s.temperature() != null) {
            b.append(b.length() > 0 ? " \u00b7 " : "").append("temperature ")
                    .append(java.math.BigDecimal.valueOf(s.temperature()).stripTrailingZeros().toPlainString());
        }
        if (s.systemPrompt() != null) {
            b.append(b.length() > 0 ? " \u00b7 " : "").append("own system prompt");
        }
        if (s.tools() != null && !s.tools().isEmpty()) {
            b.append(b.length() > 0 ? " \u00b7 " : "").append("tools: ").append(String.join(", ", s.tools()));
        }
        return b.toString();
    }

    /** Asks for the thread's settings; empty when cancelled. */
    static Optional<ThreadSettings> ask(ConversationItem item, ObservableList<String> models,
                                        java.util.List<String> toolServers, Node owner) {
        ThreadSettings now = item.settings().get();
        ComboBox<String> model = new ComboBox<>(models);
        model.setId("thread-model");
        model.setEditable(true);
        model.setPromptText("The default model");
        model.getEditor().setText(now.model() == null ? "" : now.model());
        model.setMaxWidth(Double.MAX_VALUE);
        TextArea prompt = new TextArea(now.systemPrompt() == null ? "" : now.systemPrompt());
        prompt.setId("thread-system-prompt");
        prompt.setPromptText("The assistant's usual system prompt");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(5);
        TextField temperature = new TextField(now.temperature() == null ? "" : now.temperature().toString());
        temperature.setId("thread-temperature");
        temperature.setPromptText("Default (0 to 2)");
        // the MCP servers whose tools the assistant may call here; one no longer configured stays listed
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>(toolServers);
        if (now.tools() != null) {
            names.addAll(now.tools());
        }
        javafx.scene.layout.FlowPane tools = new javafx.scene.layout.FlowPane(10, 4);
        tools.setId("thread-tools");
        java.util.List<javafx.scene.control.CheckBox> boxes = new java.util.ArrayList<>();
        for (String name : names) {
            javafx.scene.control.CheckBox box = new javafx.scene.control.CheckBox(name);
            box.setId("thread-tool-" + name);
            box.setSelected(now.tools() != null && now.tools().contains(name));
            boxes.add(box);
            tools.getChildren().add(box);
        }
        if (names.isEmpty()) {
            Label none = new Label("No MCP servers yet: add them in Tools");
            none.getStyleClass().add("msg-figures");
            tools.getChildren().add(none);
        }
        java.util.function.Supplier<java.util.List<String>> chosen = () -> boxes.stream()
                .filter(javafx.scene.control.CheckBox::isSelected).map(javafx.scene.control.CheckBox::getText).toList();
        Label problem = new Label();
        problem.setId("thread-settings-problem");
        problem.getStyleClass().add("nova-error");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.addRow(0, new Label("Model"), model);
        grid.addRow(1, new Label("System prompt"), prompt);
        grid.addRow(2, new Label("Temperature"), temperature);
        grid.addRow(3, new Label("Tools"), tools);
        Label toolsNote = new Label("The assistant may call these MCP servers' tools; it asks you before any"
                + " that is not read-only.");
        toolsNote.setWrapText(true);
        toolsNote.getStyleClass().add("msg-figures");
        grid.add(toolsNote, 1, 4);
        grid.add(new Label("Leave a field empty for the default."), 1, 5);
        grid.add(problem, 1, 6);
        GridPane.setHgrow(model, Priority.ALWAYS);
        GridPane.setHgrow(prompt, Priority.ALWAYS);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // "System prompt" whole, never "Sys..."
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, fields);

        Dialog<ThreadSettings> d = new Dialog<>();
        d.setTitle("Thread settings");
        d.setHeaderText("How the assistant answers in \u201c" + item.title().get() + "\u201d");
        d.initOwner(owner.getScene().getWindow());
        d.getDialogPane().setContent(grid);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Node ok = d.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("save-thread-settings");
        ok.addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            try {
                read(model.getEditor().getText(), prompt.getText(), temperature.getText(), chosen.get());
            } catch (IllegalArgumentException x) {
                problem.setText(x.getMessage());
                e.consume(); // stays open until it can be saved
            }
        });
        d.setResultConverter(b -> b == ButtonType.OK
                ? read(model.getEditor().getText(), prompt.getText(), temperature.getText(), chosen.get()) : null);
        return d.showAndWait();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
