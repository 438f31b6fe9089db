package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage.TaskUpdate;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.identity.Role;
import dev.nova.server.example.ExampleAgent;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented example agent really takes and finishes a task. */
class ExampleAgentIT {
    @TempDir
    Path dir;

    @Test
    void theExampleAgentCompletesATaskOfItsRole() throws Exception {
        try (TestServer server = TestServer.start(dir); ExampleAgent agent = new ExampleAgent("counter", "count")) {
            agent.connect(server.aliasUri(), server.key("counter", Role.AGENT)).get(10, TimeUnit.SECONDS);
            try (WsTestClient alice = server.login("alice")) {
                alice.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"agent-status\"}}");
                alice.nextMatching(e -> e.data() instanceof dev.nova.protocol.ServerMessage.AgentStatus s
                        && s.agentId().equals("counter"));
                alice.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"count\",\"content\":\"three little words\"}}");
                TaskUpdate done = (TaskUpdate) alice.nextMatching(e -> e.data() instanceof TaskUpdate u
                        && u.status().isClosed()).data();
                assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
                assertThat(done.agentId()).isEqualTo("counter");
                assertThat(done.result()).isEqualTo("3 words: THREE LITTLE WORDS");
            }
        }
    }
}
