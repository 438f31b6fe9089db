package dev.nova.server.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nova.protocol.ProtocolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {
    @TempDir
    Path dir;

    @Test
    void everyBuiltInTemplateRendersASystemAndAUserTurnWithTheContent() {
        Templates t = new Templates(dir);
        for (String name : Templates.BUILT_IN) {
            List<ChatTurn> turns = t.render(name, "THE-CONTENT", Map.of());
            assertThat(turns.get(turns.size() - 1).role()).as(name).isEqualTo("user");
            assertThat(turns).as(name).anyMatch(turn -> turn.content().contains("THE-CONTENT"));
        }
    }

    @Test
    void aFileInTheTemplatesFolderOverridesOrAddsOneWithMetadataPlaceholders() throws Exception {
        Files.writeString(dir.resolve("review.prompt"), "Be kind.\r\n---\r\nReview {{content}}{{metadata.lang| in }}."
                + " All: {{metadata}}");
        Templates t = new Templates(dir);
        assertThat(t.names()).contains("review", "summarize");
        List<ChatTurn> turns = t.render("review", "this diff", Map.of("lang", "Java"));
        assertThat(turns).containsExactly(ChatTurn.system("Be kind."),
                ChatTurn.user("Review this diff in Java. All: {\"lang\":\"Java\"}"));
        assertThat(t.render("review", "x", Map.of()).get(1).content()).isEqualTo("Review x. All: (none)");
        assertThat(t.systemPrompt("review")).isEqualTo("Be kind.");
    }

    @Test
    void anUnknownTemplateIsAnInvalidMessageNamingTheKnownOnes() {
        assertThatThrownBy(() -> new Templates(dir).render("../../etc/passwd", "x", Map.of()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown template")
                .hasMessageContaining("summarize");
    }
}
