package dev.nova.server.tools;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ToolInfo;
import dev.nova.protocol.ToolServer;
import dev.nova.server.identity.Identity;
import dev.nova.server.identity.Role;
import dev.nova.server.llm.Toolbox;
import dev.nova.server.metrics.NovaMetrics;
import dev.nova.server.store.ToolPolicyStore;
import dev.nova.server.ws.Client;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The tools feature: the MCP host, people's policies, approvals, and the client messages
 * {@code tools}, {@code tool_policy} and {@code tool_approval}. Gives an answer its
 * {@link Toolbox}; shows each call to every connection of the person whose answer it is.
 */
public final class McpTools implements AutoCloseable {
    private final McpHost host;
    private final ToolPolicies policies;
    private final Approvals approvals = new Approvals();
    private final Supplier<? extends Collection<? extends Client>> clients;
    private final NovaMetrics metrics;
    /** Connections that asked for the tools: they hear of every change (a server connected, failed, was added). */
    private final java.util.Set<Client> watching = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public McpTools(McpHost host, ToolPolicyStore store, Supplier<? extends Collection<? extends Client>> clients,
                    NovaMetrics metrics) {
        this.host = host;
        this.policies = new ToolPolicies(store);
        this.clients = clients;
        this.metrics = metrics;
        host.onChange(this::changed);
    }

    private void changed() {
        for (Client c : watching) {
            if (c.closing()) {
                watching.remove(c);
                continue;
            }
            try {
                c.send(null, listing(c.identity()));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(McpTools.class).debug("tools not sent: {}", e.toString());
            }
        }
    }

    /** A connection closed: it no longer hears of changes. */
    public void forget(Client c) {
        watching.remove(c);
    }

    public McpHost host() {
        return host;
    }

    /**
     * The tools of {@code servers} for one answer of {@code owner}'s, streaming as {@code requestId}
     * in thread {@code threadId} (or for task {@code taskId}).
     */
    public Toolbox toolbox(String owner, List<String> servers, String requestId, String threadId, String taskId) {
        return new McpToolbox(host, policies, approvals, frame -> showTo(owner, frame), metrics::toolCall, owner,
                servers, requestId, threadId, taskId);
    }

    private void showTo(String owner, ServerMessage.ToolCall frame) {
        for (Client c : clients.get()) {
            if (c.identity() != null && c.identity().name().equals(owner)) {
                c.send(null, frame);
            }
        }
    }

    /** A connection of a person let in: the calls waiting for them are shown to it too. */
    public void welcome(Client c) {
        if (c.identity() != null) {
            approvals.waitingFor(c.identity().name()).forEach(frame -> c.send(null, frame));
        }
    }

    /**
     * {@code tools}: every configured server, how it is doing, and its tools with the sender's
     * policies; sent again to the connection whenever that changes.
     */
    public void list(Client c, Envelope<ClientMessage> frame, ClientMessage.Tools m) {
        watching.add(c);
        c.send(null, listing(c.identity()));
    }

    /** {@code tool_policy}: the sender's own, or everyone's (admins only). */
    public void policy(Client c, Envelope<ClientMessage> frame, ClientMessage.ToolPolicyUpdate m) {
        Identity who = c.identity();
        boolean everyone = Boolean.TRUE.equals(m.forEveryone());
        if (everyone && who.role() != Role.ADMIN) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "data.for_everyone",
                    "only an admin sets a tool's policy for everyone; leave for_everyone out to set your own");
        }
        if (!host.names().contains(m.server())) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "data.server", "no MCP server '" + m.server() + "'");
        }
        policies.set(everyone ? ToolPolicyStore.EVERYONE : who.name(), m.server(), m.tool(), m.policy());
        c.send(null, listing(who));
    }

    /** {@code tool_approval}: a person decides a call waiting for them. */
    public void approve(Client c, Envelope<ClientMessage> frame, ClientMessage.ToolApproval m) {
        approvals.decide(c.identity(), m);
    }

    private ServerMessage.Tools listing(Identity who) {
        ToolPolicies.Resolved mine = policies.forPerson(who.name());
        List<ToolServer> servers = new ArrayList<>();
        for (McpHost.Server s : host.servers()) {
            List<ToolInfo> tools = new ArrayList<>();
            for (McpSchema.Tool t : s.tools()) {
                tools.add(new ToolInfo(t.name().length() > 200 ? t.name().substring(0, 200) : t.name(), t.description(),
                        ToolPolicies.readOnly(t), mine.of(s.name(), t)));
            }
            servers.add(new ToolServer(s.name(), s.transport(), s.state(), s.detail(), tools));
        }
        return new ServerMessage.Tools(servers);
    }

    @Override
    public void close() {
        host.close();
    }
}
