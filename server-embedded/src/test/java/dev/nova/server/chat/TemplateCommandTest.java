package dev.nova.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateCommandTest {
    private static final Set<String> TEMPLATES = Set.of("summarize", "explain_code", "plan", "chat", "agent_writer", "MyNotes");

    @Test
    void aKnownTemplatesNameAfterASlashRunsItOnTheRest() {
        assertThat(TemplateCommand.of("/summarize Buy milk.", TEMPLATES)).isEqualTo(new TemplateCommand("summarize", "Buy milk."));
        assertThat(TemplateCommand.of("  /explain_code\nint f() {\n  return 1;\n}\n", TEMPLATES))
                .isEqualTo(new TemplateCommand("explain_code", "int f() {\n  return 1;\n}"));
        assertThat(TemplateCommand.of("/MyNotes x", TEMPLATES)).as("a template of the folder, by its own name")
                .isEqualTo(new TemplateCommand("MyNotes", "x"));
    }

    @Test
    void plainQuestionsThePlanAndNamesThatAreNoCommandsAreNot() {
        assertThat(TemplateCommand.of("Summarize this please", TEMPLATES)).isNull();
        assertThat(TemplateCommand.of("/plan three steps", TEMPLATES)).as("the agents' command").isNull();
        assertThat(TemplateCommand.of("/chat hello", TEMPLATES)).isNull();
        assertThat(TemplateCommand.of("/agent_writer hello", TEMPLATES)).isNull();
        assertThat(TemplateCommand.of("/translate hola", TEMPLATES)).as("no such template").isNull();
        assertThat(TemplateCommand.of("/summarize", TEMPLATES)).as("nothing to run it on").isNull();
        assertThat(TemplateCommand.of("/summarize   ", TEMPLATES)).isNull();
        assertThat(TemplateCommand.of("/usr/bin is a directory", TEMPLATES)).isNull();
    }
}
