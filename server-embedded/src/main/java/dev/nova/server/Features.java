package dev.nova.server;

import java.util.List;

import dev.nova.protocol.ClientMessage;
import dev.nova.server.agent.AgentTeam;
import dev.nova.server.bus.MessageBus;
import dev.nova.server.bus.StreamLocks;
import dev.nova.server.channel.Channels;
import dev.nova.server.chat.Assistant;
import dev.nova.server.chat.Chat;
import dev.nova.server.chat.Conversations;
import dev.nova.server.config.ServerConfig;
import dev.nova.server.llm.LlmService;
import dev.nova.server.llm.LmStudioClient;
import dev.nova.server.llm.ModelCatalog;
import dev.nova.server.llm.ModelHandlers;
import dev.nova.server.llm.Templates;
import dev.nova.server.metrics.NovaMetrics;
import dev.nova.server.store.Store;
import dev.nova.server.store.StoreException;
import dev.nova.server.tools.McpHost;
import dev.nova.server.tools.McpTools;
import dev.nova.server.ws.Dispatcher;
import dev.nova.server.ws.Hub;
import java.time.Clock;

/**
 * Every feature of the server, built over the store and the bus, and the one table of which
 * handler serves which client message type ({@link #register}). Where is {@code chat_message}
 * handled? Here, on one line. {@code auth} and {@code ping} are the transport's own ({@link Hub}).
 */
final class Features implements AutoCloseable {
    final Channels channels;
    final LmStudioClient lmStudio;
    final AgentTeam team;
    final Chat chat;
    private final LlmService llm;
    private final Conversations conversations;
    private final ModelHandlers models;
    private final McpTools tools;

    Features(ServerConfig config, Store store, MessageBus bus, StreamLocks locks, Hub hub, Clock clock,
             NovaMetrics metrics) {
        this.channels = new Channels(store, bus, locks, config.limits().subscriptionsPerConnection(), metrics);
        this.lmStudio = new LmStudioClient(config.llm());
        Templates templates = new Templates(config.templatesDir());
        this.llm = new LlmService(lmStudio, templates, metrics);
        this.tools = new McpTools(McpHost.fromSettings(config.tools()).start(), store.toolPolicies(), hub::connections,
                metrics);
        // a built-in agent's tools (researcher_tools, writer_tools): its calls are the task creator's to approve
        this.team = new AgentTeam(store.tasks(), store.presence(), channels, llm, lmStudio, templates, clock,
                (kind, task) -> {
                    List<String> servers = config.tools().agentTools(kind);
                    return servers.isEmpty() || task.createdBy() == null ? null
                            : tools.toolbox(task.createdBy(), servers, "task-" + task.id(), null, task.id());
                }, config.tools().maxRounds());
        this.chat = new Chat(store, channels, clock,
                new Assistant(llm, store.history(), store.threads(), channels, clock, team.coordinator(), tools));
        this.conversations = new Conversations(store, channels, clock, hub::connections);
        this.models = new ModelHandlers(new ModelCatalog(lmStudio), lmStudio.afterwards());
        hub.onClose(team.handlers()::disconnected);
        hub.onClose(channels::drop);
        hub.onClose(tools::forget);
        hub.onWelcome(tools::welcome);
    }

    /** The dispatch table: one line per client message type. */
    Dispatcher register(Dispatcher d) {
        return d
                .on(ClientMessage.Subscribe.class, channels::subscribe)
                .on(ClientMessage.Unsubscribe.class, channels::unsubscribe)
                .onAsync(ClientMessage.ChatMessage.class, chat::post)
                .on(ClientMessage.History.class, chat::history)
                .on(ClientMessage.Regenerate.class, chat::regenerate)
                .on(ClientMessage.ThreadImport.class, chat::importThread)
                .on(ClientMessage.LlmRequest.class, llm::request)
                .on(ClientMessage.LlmCancel.class, llm::cancel)
                .on(ClientMessage.CreateTask.class, team.handlers()::createTask)
                .on(ClientMessage.TaskUpdate.class, team.handlers()::taskUpdate)
                .on(ClientMessage.AgentStatus.class, team.handlers()::agentStatus)
                .on(ClientMessage.Threads.class, conversations::list)
                .on(ClientMessage.ThreadUpdate.class, conversations::update)
                .on(ClientMessage.MarkRead.class, conversations::markRead)
                .on(ClientMessage.Search.class, conversations::search)
                .on(ClientMessage.MessageDelete.class, conversations::deleteMessage)
                .on(ClientMessage.Models.class, models::list)
                .on(ClientMessage.ModelLoad.class, models::load)
                .on(ClientMessage.ModelUnload.class, models::unload)
                .on(ClientMessage.Tools.class, tools::list)
                .on(ClientMessage.ToolPolicyUpdate.class, tools::policy)
                .on(ClientMessage.ToolApproval.class, tools::approve)
                .unavailableOn(StoreException.class, "the server's store is not reachable");
    }

    @Override
    public void close() {
        tools.close();
        team.close();
        lmStudio.close();
    }
}
