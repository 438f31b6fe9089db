package dev.nova.desktop.tools;

import dev.nova.protocol.ToolInfo;
import dev.nova.protocol.ToolPolicy;
import dev.nova.protocol.ToolServer;
import java.util.HashSet;
import java.util.Set;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * The Tools window: each MCP server the Nova server uses, how it is doing (starting, connected
 * with N tools, failed and why), its tools with their descriptions, and for each whether it runs
 * without asking, asks each time, or never runs - this person's choice. In local mode, "Import
 * from LM Studio" adds LM Studio's MCP servers. Opened from the top bar.
 */
public final class ToolsView {
    private ToolsView() {}

    static String stateLine(ToolServer s) {
        String state = switch (s.state()) {
            case "connected" -> "connected, " + s.tools().size() + (s.tools().size() == 1 ? " tool" : " tools");
            case "failed" -> "failed" + (s.detail() == null ? "" : ": " + s.detail());
            default -> s.state();
        };
        return s.name() + "  \u00b7  " + s.transport() + "  \u00b7  " + state;
    }

    static String policyLabel(ToolPolicy p) {
        return switch (p) {
            case ASK -> "Ask each time";
            case ALLOW -> "Run without asking";
            case NEVER -> "Never";
        };
    }

    public static Parent build(ToolsViewModel vm) {
        VBox list = new VBox(8);
        list.setId("tool-servers");
        Set<String> open = new HashSet<>();
        java.util.Map<String, javafx.scene.Node> policies = new java.util.HashMap<>(); // the boxes shown, by id
        Runnable fill = () -> {
            // redrawn on every word from the server: the control the person is on keeps the focus
            // (else it falls to the first button, which the Enter that picked a policy would press)
            javafx.scene.Node focused = list.getScene() == null ? null : list.getScene().getFocusOwner();
            String focusedId = focused != null && focused.getId() != null && isInside(focused, list) ? focused.getId() : null;
            list.getChildren().clear();
            policies.clear();
            if (vm.servers().isEmpty()) {
                Label none = new Label("No MCP servers yet. They are listed in "
                        + (vm.mcpConfig() != null ? vm.mcpConfig().toString() : "the server's mcp.json")
                        + ", in the format LM Studio and Cursor use"
                        + (vm.canImport() ? "; Import from LM Studio brings LM Studio's." : "."));
                none.setWrapText(true);
                none.setId("no-tool-servers");
                list.getChildren().add(none);
            }
            for (ToolServer s : vm.servers()) {
                list.getChildren().add(server(vm, s, open, policies));
            }
            if (focusedId != null) {
                list.applyCss(); // skins now, so the new box is in the scene and can take the focus
                javafx.scene.Node again = policies.get(focusedId);
                (again != null ? again : list).requestFocus();
            }
        };
        vm.servers().addListener((ListChangeListener<ToolServer>) c -> fill.run());
        fill.run();
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);

        Label note = new Label();
        note.setId("tools-note");
        note.setWrapText(true);
        note.getStyleClass().add("nova-hint");
        note.textProperty().bind(vm.note());
        Button importButton = new Button("Import from LM Studio");
        importButton.setId("import-lmstudio-mcp");
        importButton.setMinWidth(Region.USE_PREF_SIZE);
        importButton.setDisable(!vm.canImport());
        importButton.setTooltip(new Tooltip(vm.canImport()
                ? "Add the MCP servers of LM Studio's mcp.json to Nova's (" + vm.mcpConfig() + ")"
                : "A team server's MCP servers are set by its operator"));
        importButton.setOnAction(e -> vm.importFromLmStudio());
        Label where = new Label(vm.canImport() ? "Servers: " + vm.mcpConfig() : "Servers: the team server's mcp.json");
        where.getStyleClass().add("msg-figures");
        where.setWrapText(true);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, where, gap, importButton);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(8, bar, note, scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        return box;
    }

    private static boolean isInside(javafx.scene.Node node, javafx.scene.Node parent) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (n == parent) {
                return true;
            }
        }
        return false;
    }

    private static TitledPane server(ToolsViewModel vm, ToolServer s, Set<String> open,
                                     java.util.Map<String, javafx.scene.Node> policies) {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints description = new ColumnConstraints();
        description.setHgrow(Priority.ALWAYS);
        ColumnConstraints policy = new ColumnConstraints();
        policy.setMinWidth(Region.USE_PREF_SIZE);
        grid.getColumnConstraints().addAll(name, description, policy);
        int row = 0;
        for (ToolInfo t : s.tools()) {
            Label toolName = new Label(t.name() + (Boolean.TRUE.equals(t.readOnly()) ? "  (read-only)" : ""));
            toolName.getStyleClass().add("msg-sender");
            Label about = new Label(t.description() == null ? "" : t.description());
            about.setWrapText(true);
            about.getStyleClass().add("msg-figures");
            ComboBox<ToolPolicy> choice = new ComboBox<>();
            choice.setId("policy-" + s.name() + "-" + t.name());
            policies.put(choice.getId(), choice);
            choice.getItems().setAll(ToolPolicy.values());
            choice.setConverter(new StringConverter<>() {
                @Override
                public String toString(ToolPolicy p) {
                    return p == null ? "" : policyLabel(p);
                }

                @Override
                public ToolPolicy fromString(String text) {
                    return null;
                }
            });
            choice.setValue(t.policy());
            choice.setOnAction(e -> {
                if (choice.getValue() != null && choice.getValue() != t.policy()) {
                    vm.setPolicy(s.name(), t.name(), choice.getValue());
                }
            });
            grid.addRow(row++, toolName, about, choice);
        }
        if (s.tools().isEmpty()) {
            grid.add(new Label("connected".equals(s.state()) ? "It offers no tools." : "Its tools show once it is connected."),
                    0, 0, 3, 1);
        }
        TitledPane pane = new TitledPane(stateLine(s), grid);
        pane.setId("tool-server-" + s.name());
        pane.getStyleClass().add("tool-server-" + s.state());
        pane.setAnimated(false);
        pane.setExpanded(open.contains(s.name()) || "failed".equals(s.state()));
        pane.expandedProperty().addListener((o, was, now) -> {
            if (now) {
                open.add(s.name());
            } else {
                open.remove(s.name());
            }
        });
        return pane;
    }

    /** Opens the Tools window over {@code owner}. */
    public static void show(ToolsViewModel vm, Window owner) {
        dev.nova.desktop.ui.ToolWindow.show("Tools", build(vm), owner, 900, 600);
        vm.connected(); // the list as it is now
    }
}
