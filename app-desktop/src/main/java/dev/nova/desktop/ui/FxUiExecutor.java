package dev.nova.desktop.ui;

import javafx.application.Platform;

/** Runs work on the JavaFX application thread. */
public final class FxUiExecutor implements UiExecutor {
    @Override
    public void execute(Runnable work) {
        if (Platform.isFxApplicationThread()) {
            work.run();
        } else {
            Platform.runLater(work);
        }
    }
}
