package dev.nova.server;

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
