package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.SubscriptionSuccess;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.agent.AgentTeam;
import dev.nova.server.identity.Role;
import dev.nova.server.testing.ChildServer;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.RedisTeam;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code nova-server serve --redis} processes; one is killed with SIGKILL. Its client
 * goes to the other node and recovers every message, none twice.
 */
class NodeKillIT {
    @TempDir
    Path dir;

    @Test
    void aClientOfAKilledNodeRecoversEverythingOnTheOtherNodeOnce() throws Exception {
        RedisTeam team = RedisTeam.create(dir);
        String readerKey = team.key("reader", Role.USER);
        String publisherKey = team.key("publisher", Role.USER);
        try (ChildServer a = team.node(dir.resolve("a"));
             ChildServer b = team.node(dir.resolve("b"));
             WsTestClient publisher = b.login("publisher", publisherKey)) {
            WsTestClient reader = a.login("reader", readerKey);
            SubscriptionSuccess sub = reader.send(Frames.subscribe("news")).next(SubscriptionSuccess.class);
            publisher.post("news", "m", 1, 10);
            assertThat(reader.collect(ChatMessage.class, 10)).extracting(ChatMessage::offset)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());

            a.kill();
            reader.awaitClose();
            publisher.post("news", "m", 11, 30); // while the reader is away

            try (WsTestClient back = b.login("reader", readerKey)) {
                back.send(Frames.subscribeSince("news", 10, sub.epoch()));
                SubscriptionSuccess again = back.next(SubscriptionSuccess.class);
                assertThat(again.recovered()).isTrue();
                publisher.post("news", "m", 31, 31);
                assertThat(back.collect(ChatMessage.class, 21)).extracting(ChatMessage::offset)
                        .containsExactlyElementsOf(LongStream.rangeClosed(11, 31).boxed().toList());
                back.send(Frames.ping()).next(ServerMessage.Pong.class);
                assertThat(back.pending()).as("nothing twice").isZero();
            }
        }
    }

    @Test
    void theAgentsOfAKilledNodeGoOfflineOnTheOthersAndTheirTasksBackOnTheBoard() throws Exception {
        RedisTeam team = RedisTeam.create(dir);
        String agentKey = team.key("translator", Role.AGENT);
        String bossKey = team.key("boss", Role.USER);
        try (ChildServer a = team.node(dir.resolve("a"));
             ChildServer b = team.node(dir.resolve("b"));
             WsTestClient watcher = b.login("boss", bossKey)) {
            watcher.send(Frames.subscribe("tasks")).next(SubscriptionSuccess.class);
            watcher.send(Frames.subscribe("agent-status"));
            watcher.nextMatching(e -> e.data() instanceof SubscriptionSuccess);

            // An external agent on node a takes a task made there and starts on it.
            WsTestClient agent = a.login("translator", agentKey);
            agent.send("{\"type\":\"agent_status\",\"data\":{\"agent_id\":\"translator\",\"status\":\"idle\","
                    + "\"role\":\"translate\"}}");
            String task;
            try (WsTestClient boss = a.login("boss", bossKey)) {
                boss.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"translate\",\"content\":\"to Welsh\"}}");
                ServerMessage.TaskUpdate assigned = (ServerMessage.TaskUpdate) agent.nextMatching(
                        e -> e.data() instanceof ServerMessage.TaskUpdate u && u.status() == TaskStatus.ASSIGNED).data();
                task = assigned.taskId();
                assertThat(assigned.agentId()).isEqualTo("translator");
                agent.send("{\"type\":\"task_update\",\"data\":{\"task_id\":\"" + task + "\",\"status\":\"in_progress\"}}");
                watcher.nextMatching(e -> e.data() instanceof ServerMessage.TaskUpdate u && u.taskId().equals(task)
                        && u.status() == TaskStatus.IN_PROGRESS);
            }

            long killed = System.nanoTime();
            a.kill();
            // Within the lease (6 s) and a renewal (2 s) node b gives node a's agents up.
            Duration bound = AgentTeam.LEASE.plus(AgentTeam.RENEW).plusSeconds(10);
            java.util.Set<String> offline = new java.util.HashSet<>();
            boolean[] requeued = {false};
            watcher.nextMatching(e -> {
                if (e.data() instanceof ServerMessage.AgentStatus s && s.status() == AgentState.OFFLINE) {
                    offline.add(s.agentId());
                }
                if (e.data() instanceof ServerMessage.TaskUpdate u && u.taskId().equals(task)
                        && u.status() == TaskStatus.CREATED) {
                    requeued[0] = true;
                }
                return requeued[0] && offline.contains("translator");
            }, bound);
            long tookMs = (System.nanoTime() - killed) / 1_000_000;
            assertThat(tookMs).as("given up within the lease and a renewal, plus slack").isLessThan(bound.toMillis());
            assertThat(offline).as("node a's own workers go offline too")
                    .anyMatch(id -> id.startsWith("researcher.")).anyMatch(id -> id.startsWith("writer."));
            // Back on the board, the task goes to an agent that still runs: one of node b's.
            ServerMessage.TaskUpdate again = (ServerMessage.TaskUpdate) watcher.nextMatching(e -> e.data()
                    instanceof ServerMessage.TaskUpdate u && u.taskId().equals(task) && u.agentId() != null).data();
            assertThat(again.agentId()).isNotIn(offline);
        }
    }
}
