package dev.nova.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Linux desktop entry that the .deb installs follows the freedesktop.org specification. */
class DesktopEntryTest {
    private static final Path ENTRY = Path.of("src/main/linux/nova.desktop");

    @Test
    void desktopEntryHasTheRequiredKeysInItsOnlyGroup() throws IOException {
        List<String> lines = Files.readAllLines(ENTRY);
        assertThat(lines.get(0)).isEqualTo("[Desktop Entry]");
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertThat(line).as("a key=value line, no second group").contains("=").doesNotStartWith("[");
            String key = line.substring(0, line.indexOf('='));
            assertThat(keys.put(key, line.substring(line.indexOf('=') + 1))).as("duplicate key " + key).isNull();
        }
        assertThat(keys).containsEntry("Type", "Application").containsKeys("Name", "Exec", "Icon");
        assertThat(keys.get("Exec")).startsWith("/opt/nova/bin/");
        assertThat(keys.get("Icon")).as("a theme icon name: postinst installs nova.png in hicolor").isEqualTo("nova");
        assertThat(keys.get("Categories")).endsWith(";");
        assertThat(keys.get("Terminal")).isIn("true", "false");
    }
}
