package dev.nova.server;

import dev.nova.server.config.ServerInfo;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerInfoTest {
    @Test
    void versionIsTheMavenProjectVersion() {
        assertThat(ServerInfo.version())
                .matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?")
                .doesNotContain("${");
    }
}
