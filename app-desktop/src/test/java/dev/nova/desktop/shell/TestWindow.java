package dev.nova.desktop.shell;

import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.ui.FxUiExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

/** The window the UI tests drive: the app's view models on {@code client}, shown, then connected. */
final class TestWindow {
    private TestWindow() {}

    static AppModel show(Stage stage, NovaClient client) {
        AppModel model = AppModel.wire(client, new FxUiExecutor());
        stage.setScene(new Scene(model.view(() -> { }), 1280, 800));
        stage.show();
        client.connect();
        return model;
    }

    static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition);
    }
}
