package dev.nova.server.agent;

import dev.nova.protocol.AgentState;
import dev.nova.server.channel.Channels;
import dev.nova.server.llm.LlmService;
import dev.nova.server.llm.LmStudioClient;
import dev.nova.server.llm.Templates;
import dev.nova.server.store.TaskStore;
import dev.nova.server.task.TaskBoard;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The task board and the agents that work it: the coordinator, the built-in researcher and
 * writer, the scheduler, and the handlers for what clients and external agents send.
 */
public final class AgentTeam implements AutoCloseable {
    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nova-agents");
        t.setDaemon(true);
        return t;
    });
    private final AgentHandlers handlers;
    private final Coordinator coordinator;

    public AgentTeam(TaskStore tasks, Channels channels, LlmService service, LmStudioClient llm, Templates templates,
                     Clock clock) {
        TaskBoard board = new TaskBoard(tasks, channels, clock);
        AgentRegistry registry = new AgentRegistry(channels);
        TaskScheduler scheduler = new TaskScheduler(board, registry, work);
        this.coordinator = new Coordinator(service, board, registry);
        registry.put(new Agent(Coordinator.ID, "Coordinator", "planning", AgentState.IDLE, null, null, null));
        registry.put(new BuiltinAgent("researcher", "Researcher", "research", llm, templates, board, registry).asAgent());
        registry.put(new BuiltinAgent("writer", "Writer", "write", llm, templates, board, registry).asAgent());
        this.handlers = new AgentHandlers(board, registry, scheduler);
        work.execute(() -> {
            if (!tasks.sharedByNodes()) {
                board.requeueHeld(); // tasks agents held when the server last stopped
            }
            scheduler.assignWaiting(); // and those left waiting
        });
    }

    public AgentHandlers handlers() {
        return handlers;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    @Override
    public void close() {
        work.shutdownNow();
    }
}
