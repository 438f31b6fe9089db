package dev.nova.desktop;

import dev.nova.desktop.settings.SettingsStore;
import dev.nova.desktop.shell.NovaApp;
import javafx.application.Application;

/**
 * The main class of {@code nova-desktop.jar}. It is not the {@code Application} itself: a fat jar
 * whose main class extends {@code Application} does not start without JavaFX on the module path.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        try {
            LaunchOptions options = LaunchOptions.parse(java.util.List.of(args));
            options.remote(new SettingsStore(options.settingsFile(System.getenv())).load(), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("nova: " + e.getMessage());
            System.exit(2);
        }
        Application.launch(NovaApp.class, args);
    }
}
