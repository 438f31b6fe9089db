package dev.nova.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Markdown answers laid out in the real conversation list, with the app's theme (headless). */
@ExtendWith(ApplicationExtension.class)
class MarkdownViewIT {
    private final ChatViewModel chat = new ChatViewModel((c, m) -> { }, "assistant");

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        stage.setScene(new Scene(ConversationView.build(chat), 600, 600));
        stage.getScene().getStylesheets().add(MarkdownViewIT.class.getResource("/dev/nova/desktop/nova.css").toExternalForm());
        stage.show();
    }

    @Test
    void aCodeBlockGetsTheHeightOfAllItsLinesAndWrapsWhatIsTooWide(FxRobot robot) throws Exception {
        String tail = "and a tail long enough to pass the width of the message by a good margin, surely";
        String md = "Cache the repository:\n\n```yaml\n- uses: actions/cache@v4\n  with:\n    path: ~/.m2/repository\n"
                + "    key: m2-${{ hashFiles('**/pom.xml') }} " + tail + "\n```\n\nA warm cache saves **minutes**.\n";
        robot.interact(() -> chat.showHistory(null, new ServerMessage.History("assistant", List.of(
                new ChatMessage(md, "assistant", "m-1", 1L, "assistant", null, true, md, null, null, null)), false)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".md-code-block").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        Region block = robot.lookup(".md-code-block").queryAs(Region.class);
        String[] heights = new String[1];
        robot.interact(() -> heights[0] = block.getHeight() + " of " + block.prefHeight(block.getWidth()));
        assertThat(block.getHeight()).as("height given of height needed: %s", heights[0])
                .isGreaterThanOrEqualTo(block.prefHeight(block.getWidth()) - 1);
        assertThat(((Text) ((TextFlow) block).getChildren().get(0)).getText()).endsWith(tail);
        assertThat(block.getHeight()).as("five lines: the long one wraps").isGreaterThan(5 * 14);
    }
}
