package dev.nova.desktop.importing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.net.ConnectionState;
import dev.nova.desktop.net.NovaClient;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.ClientMessage.ThreadImport.Imported;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ThreadInfo;
import dev.nova.server.NovaServer;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.identity.Role;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An import against a real server: every frame stored under the server's message rate, then nothing twice. */
class ImportIT {
    @TempDir
    Path dir;

    private static void await(String what, BooleanSupplier condition) {
        dev.nova.server.testing.Eventually.until(what, Duration.ofSeconds(30), condition);
    }

    @Test
    void aChatGptExportAndALongThreadGoInWithProgressAndASecondImportStoresNothingTwice() {
        try (NovaServer server = NovaServer.start(ServerConfig.defaults().withPort(0).withDataDir(dir))) {
            String key = server.keys().create("ada", Role.USER);
            NovaClient client = new NovaClient(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), key);
            try {
                ImportViewModel vm = new ImportViewModel(client, UiExecutor.direct());
                List<ServerMessage.Error> errors = new CopyOnWriteArrayList<>();
                List<Double> progress = new CopyOnWriteArrayList<>();
                vm.progress().addListener((o, was, now) -> progress.add(now.doubleValue()));
                client.on(ServerMessage.ThreadImport.class, e -> vm.received(e.data()));
                client.on(ServerMessage.Error.class, e -> errors.add(e.data()));
                client.connect();
                await("connected", () -> client.state() == ConnectionState.CONNECTED);

                List<Imported> many = new ArrayList<>();
                for (int i = 0; i < 2500; i++) {
                    many.add(new Imported(i % 2 == 0 ? "user" : "assistant", "message " + i, "imp-long-" + i, null, null));
                }
                List<ImportFile.Conversation> file = new ArrayList<>(ImportFile.read(ImportFileTest.CHATGPT));
                file.add(new ImportFile.Conversation("imp-long", "A long one", many, 0));
                vm.start(file);
                await("the import's end", () -> !vm.running().get() && vm.summary().get().startsWith("Imported"));
                assertThat(vm.summary().get()).isEqualTo("Imported 2 conversations: 2502 new messages");
                assertThat(vm.progress().get()).isEqualTo(1.0);
                assertThat(progress).as("it moved along, frame after frame").hasSizeGreaterThan(5).isSorted();
                assertThat(errors).as("no frame over the rate or refused").isEmpty();

                List<ServerMessage.Threads> lists = new CopyOnWriteArrayList<>();
                client.on(ServerMessage.Threads.class, e -> lists.add(e.data()));
                client.send(null, new ClientMessage.Threads());
                await("the list", () -> !lists.isEmpty());
                assertThat(lists.get(0).threads()).extracting(ThreadInfo::title, ThreadInfo::messages)
                        .contains(org.assertj.core.groups.Tuple.tuple("A long one", 2500),
                                org.assertj.core.groups.Tuple.tuple("Trip to Lisbon", 2));

                vm.start(file);
                await("the second import's end", () -> !vm.running().get() && vm.summary().get().contains("already"));
                assertThat(vm.summary().get()).isEqualTo("Imported 2 conversations: 0 new messages, 2502 already there");
            } finally {
                client.close();
            }
        }
    }
}
