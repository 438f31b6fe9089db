package dev.nova.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A message can be copied: from its context menu as text or Markdown, with Ctrl+C, or a part of it selected. */
@ExtendWith(ApplicationExtension.class)
class MessageCopyIT {
    private static final String MD = "Use **bold** and `code`:\n\n- one\n- two\n";
    private final ChatViewModel chat = new ChatViewModel((c, m) -> { }, "assistant");

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        stage.setScene(new Scene(ConversationView.build(chat), 600, 500));
        stage.getScene().getStylesheets().add(MessageCopyIT.class.getResource("/dev/nova/desktop/nova.css").toExternalForm());
        stage.show();
    }

    private void showAnswer(FxRobot robot) throws Exception {
        robot.interact(() -> chat.showHistory(null, new ServerMessage.History("assistant", List.of(
                new ChatMessage(MD, "assistant", "m-1", 1L, "assistant", null, true, MD, null, null, null)), false)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".msg-assistant").tryQuery().isPresent());
        robot.interact(() -> Clipboard.getSystemClipboard().clear());
    }

    private String clipboard(FxRobot robot) {
        String[] text = new String[1];
        robot.interact(() -> text[0] = Clipboard.getSystemClipboard().getString());
        return text[0];
    }

    @Test
    void theContextMenuCopiesTheTextOrItsMarkdown(FxRobot robot) throws Exception {
        showAnswer(robot);
        robot.clickOn(".msg-assistant", MouseButton.SECONDARY);
        robot.clickOn("Copy");
        assertThat(clipboard(robot)).isEqualTo(MarkdownView.plainText(MD)).startsWith("Use bold and").contains("one")
                .doesNotContain("**", "`");
        robot.clickOn(".msg-assistant", MouseButton.SECONDARY);
        robot.clickOn("Copy as Markdown");
        assertThat(clipboard(robot)).isEqualTo(MD);
    }

    @Test
    void ctrlCCopiesTheSelectedMessage(FxRobot robot) throws Exception {
        showAnswer(robot);
        robot.clickOn(".msg-assistant");
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        assertThat(clipboard(robot)).startsWith("Use bold and").doesNotContain("**");
    }

    @Test
    void selectTextShowsTheTextToSelectAPartOf(FxRobot robot) throws Exception {
        showAnswer(robot);
        robot.clickOn(".msg-assistant", MouseButton.SECONDARY);
        robot.clickOn("Select text");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#selectable-text").tryQuery().isPresent());
        TextArea text = robot.lookup("#selectable-text").queryAs(TextArea.class);
        robot.interact(() -> text.selectRange(4, 12));
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        assertThat(clipboard(robot)).isEqualTo("**bold**");
        assertThat(text.isEditable()).isFalse();
    }

    @Test
    void aMessageWaitingForTheServerShowsAClockUntilItsEchoComes(FxRobot robot) throws Exception {
        robot.interact(() -> {
            chat.connectedAs("ada");
            chat.send("hello?");
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".msg-pending").tryQuery().isPresent());
        assertThat(robot.lookup(".pending-clock").tryQuery()).isPresent();
        robot.interact(() -> {
            chat.received(ChatMessage.of("hello?", "assistant", "m-5", 5, "ada", null));
            chat.flush();
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".msg-pending").tryQuery().isEmpty());
        assertThat(chat.messages()).hasSize(1);
    }

    @Test
    void plainTextDropsTheMarkup() {
        assertThat(MarkdownView.plainText("# Title\n\nSome *emphasis* and a [link](http://x).")).doesNotContain("#", "*", "](");
    }
}
