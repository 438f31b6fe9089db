package dev.nova.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A channel reads as a conversation between people: your own messages apart from the others',
 * each author's name and the time on a message (the full date on hover), and one author's
 * messages in a row grouped under one name.
 */
@ExtendWith(ApplicationExtension.class)
class ChannelLookIT {
    private final ChatViewModel chat = new ChatViewModel((c, m) -> { }, "assistant");

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        stage.setScene(new Scene(ConversationView.build(chat), 700, 600));
        stage.getScene().getStylesheets().add(ChannelLookIT.class.getResource("/dev/nova/desktop/nova.css").toExternalForm());
        stage.show();
    }

    private static ChatMessage said(String text, String id, long offset, String who, String at) {
        return new ChatMessage(text, "general", id, offset, who, at, null, null, null, null, null, null, null);
    }

    @Test
    void ownMessagesStandApartAndOneAuthorsRunIsOneGroupWithItsTime(FxRobot robot) throws Exception {
        robot.interact(() -> {
            chat.connectedAs("ada");
            chat.open(ConversationKey.channel("general"));
            chat.showHistory("general", new ServerMessage.History("general", List.of(
                    said("Morning all", "m-1", 1, "bob", "2026-12-07T09:00:00Z"),
                    said("Coffee at ten?", "m-2", 2, "bob", "2026-12-07T09:01:30Z"),
                    said("Yes please", "m-3", 3, "ada", "2026-12-07T09:02:00Z"),
                    said("Back after lunch", "m-4", 4, "bob", "2026-12-07T13:00:00Z")), false));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".msg-own").tryQuery().isPresent());
        List<Node> boxes = List.copyOf(robot.lookup(".msg-person").queryAll());
        assertThat(boxes).hasSize(4);
        assertThat(robot.lookup(".msg-own").queryAll()).as("ada's own").hasSize(1);
        assertThat(robot.lookup(".msg-other").queryAll()).as("bob's").hasSize(3);
        assertThat(robot.lookup(".msg-grouped").queryAll()).as("bob's second message, a minute after his first")
                .hasSize(1);
        assertThat(robot.lookup(".msg-sender").queryAllAs(Label.class)).extracting(Label::getText)
                .as("the name once per run of one author").containsExactly("bob", "ada", "bob");
        String nine = MessageCell.SHORT_TIME.format(Instant.parse("2026-12-07T09:00:00Z")
                .atZone(java.time.ZoneId.systemDefault()));
        Label first = robot.lookup("#msg-time").queryAs(Label.class);
        assertThat(first.getText()).isEqualTo(nine);
        assertThat(first.getTooltip().getText()).contains("December 2026");
    }
}
