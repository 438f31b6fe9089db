package dev.nova.desktop.ui;

/**
 * The one seam between background threads and the view models: view models change their
 * observable state only through it. The JavaFX implementation runs work on the FX thread; the
 * direct one runs it at once, so view models are tested without a screen.
 */
@FunctionalInterface
public interface UiExecutor {
    void execute(Runnable work);

    /** Runs work on the calling thread (tests, and code already on the UI thread). */
    static UiExecutor direct() {
        return Runnable::run;
    }
}
