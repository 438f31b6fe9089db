package dev.nova.desktop.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.LaunchOptions;
import dev.nova.desktop.net.ConnectionState;
import dev.nova.desktop.settings.Settings;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ServerMessage;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.FakeLmStudio.Script;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New settings apply without a restart: the session the window shows is closed and the next one
 * opened on the same data directory, with the new LM Studio, the history kept.
 */
class SessionIT {
    @TempDir
    Path dir;

    private static void await(String what, BooleanSupplier condition) {
        dev.nova.server.testing.Eventually.until(what, Duration.ofSeconds(15), condition);
    }

    private static Settings local(FakeLmStudio lm, Double temperature) {
        return new Settings(Settings.Mode.LOCAL, null, null, lm.baseUrl().toString(), null, temperature, null,
                Settings.Theme.LIGHT);
    }

    /** Sends a question in {@code thread} and waits for the stored answer. */
    private static void ask(Session s, String thread, String text) {
        List<ServerMessage.ChatMessage> answers = new CopyOnWriteArrayList<>();
        s.client().on(ServerMessage.ChatMessage.class, e -> {
            if (Boolean.TRUE.equals(e.data().isFinal())) {
                answers.add(e.data());
            }
        });
        s.client().send(null, new ClientMessage.ChatMessage(text, thread, null));
        await("the answer to " + text, () -> !answers.isEmpty());
    }

    @Test
    void anotherLmStudioUrlOpensANewLocalSessionOnTheSameHistory() throws Exception {
        LaunchOptions options = LaunchOptions.parse(List.of("--data-dir", dir.toString(), "--config", dir.toString()));
        try (FakeLmStudio first = new FakeLmStudio(); FakeLmStudio second = new FakeLmStudio()) {
            first.always(Script.stream().answer("From the first."));
            second.always(Script.stream().answer("From the second."));
            Settings before = local(first, 0.7);
            Session a = Session.open(options, before, dir, UiExecutor.direct());
            a.connect();
            await("connected", () -> a.client().state() == ConnectionState.CONNECTED);
            ask(a, "t-1", "Hello");
            assertThat(first.requests()).anyMatch(r -> r.path().equals("/v1/chat/completions"));

            Settings after = local(second, 0.2);
            assertThat(after.needsReconnect(before)).isTrue();
            a.close();
            Session b = Session.open(options.settingsRule(), after, dir, UiExecutor.direct());
            try {
                b.connect();
                await("connected again", () -> b.client().state() == ConnectionState.CONNECTED);
                List<ServerMessage.History> pages = new CopyOnWriteArrayList<>();
                b.client().on(ServerMessage.History.class, e -> pages.add(e.data()));
                b.client().send(null, new ClientMessage.History("t-1", null, null));
                await("the history", () -> !pages.isEmpty());
                assertThat(pages.get(0).messages()).extracting(ServerMessage.ChatMessage::content)
                        .containsExactly("Hello", "From the first.");
                int asked = (int) second.requests().stream().filter(r -> r.path().equals("/v1/chat/completions")).count();
                ask(b, "t-1", "Again");
                assertThat(second.requests().stream().filter(r -> r.path().equals("/v1/chat/completions")))
                        .hasSize(asked + 1).last().satisfies(r -> assertThat(r.body()).contains("\"temperature\":0.2"));
            } finally {
                b.close();
            }
        }
    }

    @Test
    void onlyAServerKeyOrLocalModelServerChangeNeedsANewConnection() {
        Settings base = new Settings(Settings.Mode.LOCAL, null, null, "http://localhost:1234/v1", "a", 0.7, null,
                Settings.Theme.LIGHT);
        assertThat(new Settings(Settings.Mode.LOCAL, null, null, "http://localhost:1234/v1", "b", 0.7, null,
                Settings.Theme.DARK).needsReconnect(base)).as("model and theme").isFalse();
        assertThat(new Settings(Settings.Mode.LOCAL, null, null, "http://127.0.0.1:9999/v1", "a", 0.7, null,
                Settings.Theme.LIGHT).needsReconnect(base)).isTrue();
        assertThat(new Settings(Settings.Mode.LOCAL, null, null, "http://localhost:1234/v1", "a", 0.7, 512,
                Settings.Theme.LIGHT).needsReconnect(base)).as("length limit").isTrue();
        Settings team = new Settings(Settings.Mode.REMOTE, "wss://team.example/ws", "k1", "http://localhost:1234/v1",
                "a", 0.7, null, Settings.Theme.LIGHT);
        assertThat(team.needsReconnect(base)).isTrue();
        assertThat(new Settings(Settings.Mode.REMOTE, "wss://team.example/ws", "k2", "http://other:1234/v1", "a", 0.9,
                null, Settings.Theme.LIGHT).needsReconnect(team)).as("another key").isTrue();
        assertThat(new Settings(Settings.Mode.REMOTE, "wss://team.example/ws", "k1", "http://other:1234/v1", "a", 0.9,
                null, Settings.Theme.LIGHT).needsReconnect(team)).as("the team server has its own LM Studio").isFalse();
    }
}
