package dev.nova.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.skin.ComboBoxListViewSkin;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The composer's template picker in the dark theme: its popup list draws no shadow and no round
 * corners, which a popup window that cannot be transparent (no compositor) showed as a white frame.
 */
@ExtendWith(ApplicationExtension.class)
class DarkPopupIT {
    private final ChatViewModel chat = new ChatViewModel((c, m) -> { }, "assistant");

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        stage.setScene(new Scene(ConversationView.build(chat), 600, 400));
        stage.getScene().getStylesheets().add(DarkPopupIT.class.getResource("/dev/nova/desktop/nova.css").toExternalForm());
        stage.show();
    }

    @AfterEach
    void lightAgain() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    @Test
    void theTemplatePickersPopupHasNoShadowOrRoundCornersToShowAsAWhiteFrame(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        ComboBox<String> picker = robot.lookup("#template").queryAs(ComboBox.class);
        robot.interact(picker::show);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, picker::isShowing);
        WaitForAsyncUtils.waitForFxEvents();
        Node list = ((ComboBoxListViewSkin<?>) picker.getSkin()).getPopupContent();
        assertThat(list.getEffect()).as("the popup list's shadow").isNull();
        assertThat(((javafx.scene.layout.Region) list).getBackground().getFills())
                .allSatisfy(f -> assertThat(f.getRadii().isUniform() && f.getRadii().getTopLeftHorizontalRadius() == 0)
                        .as("square corners").isTrue());
        robot.interact(picker::hide);
    }
}
