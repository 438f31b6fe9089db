package dev.nova.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherTest {
    @Test
    void theAppStartsWithJavaFxOnTheModulePathTheSameJavaAndTheSameArguments() {
        Path jar = Path.of("/opt/nova/nova-desktop.jar");
        List<String> command = Launcher.command(jar, jar.resolveSibling("javafx"), new String[] {"--data-dir", "/tmp/x y"});
        assertThat(command.get(0)).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(command).containsSubsequence("--module-path", "/opt/nova/javafx", "--add-modules", "javafx.controls",
                "-cp", "/opt/nova/nova-desktop.jar", "dev.nova.desktop.Launcher", "--data-dir", "/tmp/x y");
        assertThat(command.subList(command.size() - 2, command.size())).containsExactly("--data-dir", "/tmp/x y");
        assertThat(command).filteredOn(a -> a.startsWith("-D" + Launcher.STARTED_AT + "=")).singleElement()
                .satisfies(a -> assertThat(Long.parseLong(a.substring(a.indexOf('=') + 1))).isPositive());
    }
}
