package dev.nova.desktop;

import dev.nova.desktop.settings.SettingsStore;
import dev.nova.desktop.shell.NovaApp;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;

/**
 * The main class of {@code nova-desktop.jar}. JavaFX is supported only from the module path, so
 * the jar does not hold it: the build puts its modules in {@code javafx/} beside the jar, and
 * this launcher starts the app in a JVM that has them there (the same {@code java}, its options
 * and the arguments), then ends with that JVM's exit code. Where JavaFX already is a named module
 * (an installed app's runtime, or a start with {@code --module-path}) it starts the app at once.
 */
public final class Launcher {
    /** JavaFX modules the app uses; the others it needs come with them. */
    static final String MODULES = "javafx.controls";
    /** Set on the JVM this launcher starts: when the start began, for the startup timings. */
    public static final String STARTED_AT = "nova.launch.started";

    private Launcher() {}

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("javafx.graphics").isEmpty() && !onClassPath()) {
            // First, and touching nothing else: this JVM only waits, so it stays small (the app checks the arguments).
            System.exit(relaunch(args));
        }
        var asked = LaunchOptions.helpOrVersion(List.of(args));
        if (asked.isPresent()) {
            System.out.print(asked.get()); // what the person asked to read, on the terminal
            System.out.flush();
            System.exit(0);
        }
        try {
            LaunchOptions options = LaunchOptions.parse(java.util.List.of(args));
            options.remote(new SettingsStore(options.settingsFile(System.getenv())).load(), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("nova: " + e.getMessage());
            System.exit(2);
        }
        Application.launch(NovaApp.class, args);
    }

    /** JavaFX on the class path (tests, an IDE): it runs from there, as it always could. */
    private static boolean onClassPath() {
        return Launcher.class.getClassLoader().getResource("javafx/application/Application.class") != null;
    }

    private static int relaunch(String[] args) {
        Path jar = ownJar();
        Path javafx = jar == null ? null : jar.resolveSibling("javafx");
        if (javafx == null || !Files.isDirectory(javafx)) {
            System.err.println("nova: JavaFX is not installed beside " + (jar == null ? "the app" : jar)
                    + " (a javafx/ folder of its modules); build the app with `mvn -B package -DskipTests`");
            return 2;
        }
        List<String> command = command(jar, javafx, args);
        try {
            Process app = new ProcessBuilder(command).inheritIO().start();
            Thread stop = new Thread(app::destroy, "nova-launcher-stop"); // the launcher ended (SIGTERM): so does the app
            Runtime.getRuntime().addShutdownHook(stop);
            int code = app.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return code;
        } catch (IOException e) {
            System.err.println("nova: could not start the app: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The same {@code java} with the same options, JavaFX's modules on the module path, then this class and the arguments. */
    static List<String> command(Path jar, Path javafx, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-D" + STARTED_AT + "=")) {
                command.add(option);
            }
        }
        command.add("-D" + STARTED_AT + "=" + ManagementFactory.getRuntimeMXBean().getStartTime());
        command.add("--module-path");
        command.add(javafx.toString());
        command.add("--add-modules");
        command.add(MODULES);
        command.add("-cp");
        command.add(jar.toString());
        command.add(Launcher.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    private static Path ownJar() {
        try {
            Path p = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
