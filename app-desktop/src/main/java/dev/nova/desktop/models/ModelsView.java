package dev.nova.desktop.models;

import dev.nova.protocol.ModelInfo;
import dev.nova.protocol.ModelState;
import dev.nova.protocol.ServerMessage.ModelStatus;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The Models window: every model of the model server with its state, size, quantization,
 * parameters and context, Load (with a progress bar) and Unload. Opened from the status bar.
 */
public final class ModelsView {
    private ModelsView() {}

    public static Parent build(ModelsViewModel vm) {
        TableView<ModelInfo> table = new TableView<>(vm.models());
        table.setId("models-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label("No models yet: Refresh asks the model server"));
        table.getColumns().add(column("Model", m -> m.displayName() != null ? m.displayName() + "  (" + m.key() + ")" : m.key(), 330));
        table.getColumns().add(column("State", m -> m.state() == null ? "" : m.state() == ModelState.LOADED ? "Loaded" : "Not loaded", 95));
        table.getColumns().add(column("Size", m -> ModelsViewModel.size(m.sizeBytes()), 80));
        table.getColumns().add(column("Quantization", m -> m.quantization() == null ? "" : m.quantization(), 105));
        table.getColumns().add(column("Params", m -> m.params() == null ? "" : m.params(), 70));
        table.getColumns().add(column("Context", ModelsViewModel::context, 140));
        table.getColumns().add(column("Can", m -> String.join(", ", java.util.stream.Stream.of(
                Boolean.TRUE.equals(m.vision()) ? "vision" : null, Boolean.TRUE.equals(m.toolUse()) ? "tools" : null)
                .filter(java.util.Objects::nonNull).toList()), 105));
        TableColumn<ModelInfo, ModelInfo> action = new TableColumn<>("");
        action.setCellValueFactory(c -> new javafx.beans.property.SimpleObjectProperty<>(c.getValue()));
        action.setCellFactory(c -> new ActionCell(vm));
        action.setPrefWidth(170);
        table.getColumns().add(action);
        // a load's progress redraws its row's action cell
        vm.status().addListener((MapChangeListener<String, ModelStatus>) c -> table.refresh());

        Label note = new Label();
        note.setId("models-note");
        note.textProperty().bind(vm.note());
        note.getStyleClass().add("nova-hint");
        Button refresh = new Button("Refresh");
        refresh.setId("models-refresh");
        refresh.setOnAction(e -> vm.refresh());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(8, note, gap, refresh);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(8, bar, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(10));
        return box;
    }

    /** Opens the Models window over {@code owner} and asks for the list. */
    public static void show(ModelsViewModel vm, Window owner) {
        dev.nova.desktop.ui.ToolWindow.show("Models", build(vm), owner, 1200, 440);
        vm.refresh();
    }

    /** A model key as a node id part (CSS ids take no dots or slashes). */
    public static String idFor(String key) {
        return key.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static TableColumn<ModelInfo, String> column(String title, java.util.function.Function<ModelInfo, String> text,
                                                         double width) {
        TableColumn<ModelInfo, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new SimpleStringProperty(text.apply(v.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** Load or Unload, a progress bar while it goes, and why a load failed. */
    private static final class ActionCell extends TableCell<ModelInfo, ModelInfo> {
        private final ModelsViewModel vm;
        private final Button button = new Button();
        private final ProgressBar progress = new ProgressBar();
        private final Label failed = new Label("Failed");

        ActionCell(ModelsViewModel vm) {
            this.vm = vm;
            button.getStyleClass().add("sidebar-small");
            progress.setPrefWidth(150);
            failed.getStyleClass().add("nova-error");
        }

        @Override
        protected void updateItem(ModelInfo m, boolean empty) {
            super.updateItem(m, empty);
            setText(null);
            if (empty || m == null) {
                setGraphic(null);
                return;
            }
            ModelStatus s = vm.status().get(m.key());
            if (s != null && s.state() == ModelState.LOADING) {
                progress.setProgress(s.progress() == null ? ProgressBar.INDETERMINATE_PROGRESS : s.progress());
                progress.setId("load-progress-" + idFor(m.key()));
                setGraphic(progress);
                return;
            }
            boolean loaded = m.state() == ModelState.LOADED;
            button.setText(loaded ? "Unload" : "Load");
            button.setId((loaded ? "unload-" : "load-") + idFor(m.key()));
            button.setDisable(loaded ? !vm.canUnload().get() : !vm.canLoad().get() || m.state() == null);
            button.setOnAction(e -> {
                if (loaded) {
                    vm.unload(m);
                } else {
                    vm.load(m);
                }
            });
            if (s != null && s.state() == ModelState.FAILED) {
                failed.setTooltip(new javafx.scene.control.Tooltip(s.error()));
                failed.setText("Failed: " + s.error());
                HBox both = new HBox(6, button, failed);
                both.setAlignment(Pos.CENTER_LEFT);
                setGraphic(both);
            } else {
                setGraphic(button);
            }
        }
    }
}
