package dev.nova.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.ServerMessage.AgentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every {@link PresenceStore} does, in memory and on Redis alike. */
public abstract class PresenceContract {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final AgentStatus RESEARCHER = new AgentStatus("researcher.n1", AgentState.BUSY, "Researcher",
            "research", "task-1");
    private static final AgentStatus EXTERNAL = new AgentStatus("example", AgentState.IDLE, "Example", "general", null);
    private static final AgentStatus WRITER = new AgentStatus("writer.n2", AgentState.IDLE, "Writer", "write", null);

    private PresenceStore store;

    protected abstract PresenceStore presence();

    private PresenceStore p() {
        if (store == null) {
            store = presence(); // one per test: an in-memory one is its own state
        }
        return store;
    }

    @Test
    void aNodeSeesTheOtherNodesAgentsWhileTheirLeaseRuns() {
        p().renew("n1", List.of(RESEARCHER, EXTERNAL), T0.plusSeconds(6));
        p().renew("n2", List.of(WRITER), T0.plusSeconds(8));
        assertThat(p().others("n2", T0)).containsExactlyInAnyOrder(RESEARCHER, EXTERNAL);
        assertThat(p().others("n1", T0)).containsExactly(WRITER);
        assertThat(p().others("n2", T0.plusSeconds(7))).as("n1's lease ran out").isEmpty();
        p().renew("n1", List.of(RESEARCHER), T0.plusSeconds(12));
        assertThat(p().others("n2", T0.plusSeconds(7))).as("renewed, with what it runs now").containsExactly(RESEARCHER);
    }

    @Test
    void aNodeWhoseLeaseRanOutIsClaimedOnceWithItsLastAgents() {
        p().renew("n1", List.of(RESEARCHER, EXTERNAL), T0.plusSeconds(6));
        p().renew("n2", List.of(WRITER), T0.plusSeconds(20));
        assertThat(p().claimExpired(T0.plusSeconds(5))).as("not yet").isEmpty();
        Map<String, List<AgentStatus>> dead = p().claimExpired(T0.plusSeconds(7));
        assertThat(dead).containsOnlyKeys("n1");
        assertThat(dead.get("n1")).containsExactlyInAnyOrder(RESEARCHER, EXTERNAL);
        assertThat(p().claimExpired(T0.plusSeconds(7))).as("claimed once").isEmpty();
        assertThat(p().others("n2", T0.plusSeconds(7))).isEmpty();
    }

    @Test
    void ofNodesSweepingAtOnceOnlyOneClaimsADeadNode() throws Exception {
        p().renew("dead", List.of(RESEARCHER), T0.plusSeconds(1));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Map<String, List<AgentStatus>>>> sweeps = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return p().claimExpired(T0.plusSeconds(2));
                })).toList();
        go.countDown();
        long claims = 0;
        for (CompletableFuture<Map<String, List<AgentStatus>>> s : sweeps) {
            claims += s.get().size();
        }
        assertThat(claims).isEqualTo(1);
    }

    @Test
    void aNodeThatLeavesIsNeitherSeenNorClaimed() {
        p().renew("n1", List.of(RESEARCHER), T0.plusSeconds(6));
        p().leave("n1");
        assertThat(p().others("n2", T0)).isEmpty();
        assertThat(p().claimExpired(T0.plusSeconds(60))).isEmpty();
    }
}
