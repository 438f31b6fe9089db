package dev.nova.desktop.shell;

import static dev.nova.desktop.shell.TestWindow.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.local.LocalServer;
import dev.nova.desktop.net.NovaClient;
import dev.nova.server.config.LlmSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * No control cuts its text to "..." in the main window, the thread's settings or the Settings
 * dialog, at a small (1000x700) and a large (1400x900) window, with LM Studio not reachable (the
 * longest hints) - where text does not fit it wraps or has room made for it.
 */
@ExtendWith(ApplicationExtension.class)
class NoEllipsisIT {
    private LocalServer local;
    private NovaClient client;
    private Path dir;
    private Stage stage;
    private AppModel model;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        dir = Files.createTempDirectory("nova-ui-layout");
        local = LocalServer.start(dir, LlmSettings.defaults().withBaseUrl(URI.create("http://127.0.0.1:9/v1")));
        client = new NovaClient(local.uri(), local.apiKey());
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        model = TestWindow.show(stage, client);
        stage.getScene().getStylesheets().add(NoEllipsisIT.class.getResource("/dev/nova/desktop/nova.css").toExternalForm());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        local.close();
        TestWindow.delete(dir);
    }

    /** Every shown control whose text is cut, as "Label 'Export' shows 'Exp...'". */
    static List<String> cut(Parent root) {
        List<String> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(Node n, List<String> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty() && l.getScene() != null) {
            javafx.geometry.Bounds b = l.localToScene(l.getLayoutBounds());
            if (b.getMaxX() > l.getScene().getWidth() + 1 || b.getMaxY() > l.getScene().getHeight() + 1) {
                out.add(l.getClass().getSimpleName() + (l.getId() == null ? "" : "#" + l.getId()) + " '" + l.getText()
                        + "' lies outside the window (" + Math.round(b.getMaxX()) + " of " + l.getScene().getWidth() + ")");
            }
            for (Node c : l.getChildrenUnmodifiable()) {
                if (c instanceof Text t && t.isVisible() && !t.getText().equals(l.getText()) && !inTooltip(l)
                        && (t.getText().endsWith("...") || t.getText().endsWith("\u2026"))) {
                    out.add(l.getClass().getSimpleName() + (l.getId() == null ? "" : "#" + l.getId()) + " '"
                            + l.getText() + "' shows '" + t.getText() + "'");
                }
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                walk(c, out);
            }
        }
    }

    /** Whether a tooltip on {@code l} or around it says all of {@code l}'s text (then it may be cut on screen). */
    private static boolean inTooltip(Labeled l) {
        for (Node n = l; n != null; n = n.getParent()) {
            Object tip = n instanceof javafx.scene.control.Control c && c.getTooltip() != null ? c.getTooltip()
                    : n.getProperties().get("javafx.scene.control.Tooltip");
            if (tip instanceof javafx.scene.control.Tooltip t && t.getText() != null && t.getText().contains(l.getText())) {
                return true;
            }
        }
        return false;
    }

    private void size(FxRobot robot, double w, double h) {
        robot.interact(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<String> cutIn(FxRobot robot, Parent root) {
        List<String> found = new ArrayList<>();
        robot.interact(() -> {
            root.applyCss();
            root.layout();
            found.addAll(cut(root));
        });
        return found;
    }

    @Test
    void theMainWindowAtBothSizes(FxRobot robot) throws Exception {
        waitFor(() -> "Connected".equals(robot.lookup("#connection-chip").queryAs(Label.class).getText()));
        NovaApp.pollHealth(local.uri(), model.status()); // as the app does every few seconds: LM Studio is not there
        waitFor(() -> !robot.lookup("#llm-chip").queryAs(Label.class).getText().startsWith("LM Studio: checking"));
        // the agents at work, each with a long last action (as during a /plan)
        robot.interact(() -> {
            for (String agent : new String[] {"coordinator", "researcher", "writer"}) {
                model.agents().received(new dev.nova.protocol.ServerMessage.AgentAction(agent, "started", "task-1",
                        "Compare the storage engines of the two databases in every way that matters for a team"));
            }
        });
        // editing a question shows its banner above the composer
        robot.clickOn("#composer").write("A question to edit").press(javafx.scene.input.KeyCode.ENTER)
                .release(javafx.scene.input.KeyCode.ENTER);
        waitFor(() -> model.chat().messages().stream().anyMatch(m -> !m.fromAssistant() && m.messageId() != null));
        robot.interact(() -> model.chat().editing().set(model.chat().messages().stream()
                .filter(m -> !m.fromAssistant()).findFirst().orElseThrow()));
        for (double[] s : new double[][] {{1000, 700}, {1400, 900}}) {
            size(robot, s[0], s[1]);
            assertThat(cutIn(robot, stage.getScene().getRoot())).as("at %.0fx%.0f", s[0], s[1]).isEmpty();
        }
    }

    @Test
    void theThreadSettingsAndTheSettingsDialog(FxRobot robot) throws Exception {
        waitFor(() -> "Connected".equals(robot.lookup("#connection-chip").queryAs(Label.class).getText()));
        size(robot, 1000, 700);
        robot.clickOn("#thread-settings");
        waitFor(() -> robot.lookup("#save-thread-settings").tryQuery().isPresent());
        Window dialog = robot.lookup("#save-thread-settings").query().getScene().getWindow();
        assertThat(cutIn(robot, dialog.getScene().getRoot())).as("thread settings").isEmpty();
        robot.interact(() -> ((Stage) dialog).close());

        // Settings after Refresh with a model server that is not there: the long reason wraps, nothing is cut
        dev.nova.desktop.settings.SettingsViewModel vm = new dev.nova.desktop.settings.SettingsViewModel(
                new dev.nova.desktop.settings.SettingsStore(dir.resolve("settings.json")), new dev.nova.desktop.ui.FxUiExecutor());
        vm.llmUrl().set("http://127.0.0.1:9/v1");
        Stage[] settings = new Stage[1];
        robot.interact(() -> {
            settings[0] = new Stage();
            javafx.scene.layout.StackPane pane = new javafx.scene.layout.StackPane(
                    dev.nova.desktop.settings.SettingsDialogs.form(vm));
            settings[0].setScene(new javafx.scene.Scene(pane, 560, 420));
            settings[0].show();
        });
        robot.interact(vm::refreshModels); // the person presses Refresh
        waitFor(() -> vm.modelsStatus().get().contains("not reachable"));
        assertThat(cutIn(robot, settings[0].getScene().getRoot())).as("settings").isEmpty();
        robot.interact(() -> settings[0].close());
    }
}
