package dev.nova.desktop.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpImportTest {
    @TempDir
    Path dir;

    @Test
    void lmStudiosServersAreAddedNovasOwnAreKeptAndTheFileIsCreatedWhenMissing() throws IOException {
        Path lmstudio = Files.writeString(dir.resolve("lm.json"), """
                {"mcpServers": {
                  "hf-mcp-server": {"url": "https://huggingface.co/mcp", "headers": {"Authorization": "Bearer x"}},
                  "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]}
                }}""");
        Path nova = dir.resolve("config").resolve("mcp.json");
        McpImport.Result first = McpImport.merge(lmstudio, nova);
        assertThat(first.added()).containsExactly("hf-mcp-server", "files");
        JsonNode written = new ObjectMapper().readTree(nova.toFile());
        assertThat(written.path("mcpServers").path("hf-mcp-server").path("headers").path("Authorization").asText())
                .isEqualTo("Bearer x");

        Files.writeString(nova, """
                {"mcpServers": {"files": {"command": "mine"}}, "other": 1}""");
        McpImport.Result again = McpImport.merge(lmstudio, nova);
        assertThat(again.added()).containsExactly("hf-mcp-server");
        assertThat(again.kept()).containsExactly("files");
        assertThat(again.summary()).contains("Added from LM Studio: hf-mcp-server", "kept as they were: files");
        JsonNode merged = new ObjectMapper().readTree(nova.toFile());
        assertThat(merged.path("mcpServers").path("files").path("command").asText()).isEqualTo("mine");
        assertThat(merged.path("other").asInt()).as("what else Nova's file holds stays").isEqualTo(1);
    }

    @Test
    void aMissingOrUnusableLmStudioFileIsRefusedWithTheReasonAndNothingIsWritten() throws IOException {
        Path nova = dir.resolve("mcp.json");
        assertThatThrownBy(() -> McpImport.merge(dir.resolve("nope.json"), nova)).hasMessageContaining("is not at");
        Path odd = Files.writeString(dir.resolve("odd.json"), "{\"servers\": []}");
        assertThatThrownBy(() -> McpImport.merge(odd, nova)).hasMessageContaining("no \"mcpServers\"");
        assertThat(nova).doesNotExist();
    }

    @Test
    void lmStudiosFileIsWhereItsDocsSayElseWhereSomeVersionsKeepIt() throws IOException {
        assertThat(McpImport.lmStudioFile(dir)).isEqualTo(dir.resolve(".lmstudio/mcp.json"));
        Path cache = dir.resolve(".cache/lm-studio/mcp.json");
        Files.createDirectories(cache.getParent());
        Files.writeString(cache, "{}");
        assertThat(McpImport.lmStudioFile(dir)).isEqualTo(cache);
        Files.createDirectories(dir.resolve(".lmstudio"));
        Files.writeString(dir.resolve(".lmstudio/mcp.json"), "{}");
        assertThat(McpImport.lmStudioFile(dir)).isEqualTo(dir.resolve(".lmstudio/mcp.json"));
    }
}
