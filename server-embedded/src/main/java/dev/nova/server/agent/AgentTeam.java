package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.channel.Channels;
import dev.nova.server.llm.LlmService;
import dev.nova.server.llm.LmStudioClient;
import dev.nova.server.llm.Templates;
import dev.nova.server.store.PresenceStore;
import dev.nova.server.store.StoreException;
import dev.nova.server.task.TaskStore;
import dev.nova.server.task.Task;
import dev.nova.server.board.TaskBoard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task board and the agents that work it: the coordinator, the built-in researcher and
 * writer, the scheduler, and the handlers for what clients and external agents send. On a team of
 * nodes each node renews a lease on its agents every {@link #RENEW} ({@link PresenceStore}); when
 * a node's lease runs out ({@link #LEASE}: it was killed or cut off) another node marks its agents
 * offline and puts the tasks they held back on the board, for the agents still running.
 */
public final class AgentTeam implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentTeam.class);
    /** How often a node renews its lease. */
    public static final Duration RENEW = Duration.ofSeconds(2);
    /** How long a lease lasts: three renewals missed, and the node's agents are given up. */
    public static final Duration LEASE = Duration.ofSeconds(6);

    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nova-agents");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nova-leases");
        t.setDaemon(true);
        return t;
    });
    private final AgentHandlers handlers;
    private final Coordinator coordinator;
    private final TaskBoard board;
    private final AgentRegistry registry;
    private final TaskScheduler scheduler;
    private final PresenceStore presence;
    private final Clock clock;
    private final boolean shared;
    private final String node;

    public AgentTeam(TaskStore tasks, PresenceStore presence, Channels channels, LlmService service,
                     LmStudioClient llm, Templates templates, Clock clock, AgentToolboxes tools, int maxToolRounds) {
        this.board = new TaskBoard(tasks, channels, clock);
        this.registry = new AgentRegistry(channels);
        this.scheduler = new TaskScheduler(board, registry, work);
        this.presence = presence;
        this.clock = clock;
        this.shared = tasks.sharedByNodes();
        this.node = "n" + UUID.randomUUID().toString().substring(0, 6);
        // On a team each node's workers are agents of their own: "researcher.n1a2b3c".
        String suffix = shared ? "." + node : "";
        this.coordinator = new Coordinator(service, board, registry);
        registry.put(new Agent(Coordinator.ID, "Coordinator", "planning", AgentState.IDLE, null, null, null));
        registry.put(new BuiltinAgent("researcher" + suffix, "researcher", "Researcher", "research", llm, templates,
                board, registry, tools, maxToolRounds).asAgent());
        registry.put(new BuiltinAgent("writer" + suffix, "writer", "Writer", "write", llm, templates, board, registry,
                tools, maxToolRounds).asAgent());
        this.handlers = new AgentHandlers(board, registry, scheduler);
        work.execute(() -> {
            if (!shared) {
                board.requeueHeld(); // tasks agents held when the server last stopped
            }
            scheduler.assignWaiting(); // and those left waiting
        });
        if (shared) {
            registry.others(() -> presence.others(node, clock.instant()));
            registry.onJoinOrLeave(() -> {
                try {
                    leases.execute(this::renewAndSweep);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // stopping: the lease ends with the node
                }
            });
            log.info("node {} on a team: its agents are {}", node, registry.statuses().stream()
                    .map(ServerMessage.AgentStatus::agentId).toList());
            leases.scheduleWithFixedDelay(this::renewAndSweep, 0, RENEW.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** This node's id on the team (its built-in workers' ids end with it). */
    public String node() {
        return node;
    }

    /** Renews this node's lease, then gives up the agents of nodes whose lease ran out. */
    void renewAndSweep() {
        try {
            Instant now = clock.instant();
            List<ServerMessage.AgentStatus> mine = registry.statuses();
            presence.renew(node, mine, now.plus(LEASE));
            Map<String, List<ServerMessage.AgentStatus>> dead = presence.claimExpired(now);
            if (dead.isEmpty()) {
                return;
            }
            Set<String> running = new HashSet<>();
            mine.forEach(a -> running.add(a.agentId()));
            presence.others(node, now).forEach(a -> running.add(a.agentId()));
            int requeued = 0;
            for (Map.Entry<String, List<ServerMessage.AgentStatus>> e : dead.entrySet()) {
                List<String> gone = new ArrayList<>();
                for (ServerMessage.AgentStatus a : e.getValue()) {
                    if (running.contains(a.agentId())) {
                        continue; // it runs here, or it reconnected to a node that is alive
                    }
                    gone.add(a.agentId());
                    registry.announceOffline(a);
                    requeued += requeue(a.agentId());
                }
                log.warn("node {} stopped renewing its lease: agents {} are offline, their tasks back on the board",
                        e.getKey(), gone);
            }
            if (requeued > 0) {
                scheduler.assignWaiting();
            }
        } catch (StoreException e) {
            log.debug("lease not renewed: {}", e.getMessage()); // the store is away; the next round tries again
        } catch (RuntimeException e) {
            log.warn("the lease round failed", e);
        }
    }

    private int requeue(String agentId) {
        int n = 0;
        for (Task t : board.heldBy(agentId)) {
            try {
                board.move(t.id(), TaskStatus.CREATED, null, null, null, null);
                n++;
            } catch (RuntimeException e) {
                log.debug("could not return {}: {}", t.id(), e.getMessage()); // moved on meanwhile
            }
        }
        return n;
    }

    public AgentHandlers handlers() {
        return handlers;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    public TaskBoard board() {
        return board;
    }

    public AgentRegistry registry() {
        return registry;
    }

    public TaskScheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        leases.shutdownNow();
        work.shutdownNow();
        if (shared) {
            try {
                // A clean stop: what this node's workers held goes back on the board now, not after the lease.
                registry.statuses().forEach(a -> requeue(a.agentId()));
                presence.leave(node);
            } catch (RuntimeException e) {
                log.debug("leaving the team: {}", e.getMessage()); // then the lease runs out by itself
            }
        }
    }
}
