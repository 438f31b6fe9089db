package dev.nova.server.tools;

import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ToolDecision;
import dev.nova.server.identity.Identity;
import dev.nova.server.identity.Role;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tool calls waiting for a person: asked for without a timeout, answered by the first
 * {@code tool_approval} from any connection of the person whose answer it is (or an admin), and
 * shown again to a connection of theirs that comes in while one waits.
 */
final class Approvals {
    /** What a person decided; {@code reason} is told to the model when they denied. */
    record Decision(ToolDecision decision, String reason) {}

    /** A call waiting: whose it is, the frame that shows it, and the decision to come. */
    record Pending(String owner, ServerMessage.ToolCall shown, CompletableFuture<Decision> decision) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** Waits for {@code owner} to decide the call {@code shown}. */
    CompletableFuture<Decision> ask(String owner, ServerMessage.ToolCall shown) {
        CompletableFuture<Decision> d = new CompletableFuture<>();
        pending.put(shown.call().callId(), new Pending(owner, shown, d));
        d.whenComplete((v, x) -> pending.remove(shown.call().callId()));
        return d;
    }

    /** A decision from {@code who}: the call's owner or an admin; the first one wins. */
    void decide(Identity who, ClientMessage.ToolApproval a) {
        Pending p = pending.get(a.callId());
        if (p == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "data.call_id",
                    "no tool call '" + a.callId() + "' is waiting for approval (it was decided already, or it ended)");
        }
        if (!p.owner().equals(who.name()) && who.role() != Role.ADMIN) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "data.call_id",
                    "only " + p.owner() + " (or an admin) may decide this call");
        }
        p.decision().complete(new Decision(a.decision(), a.reason()));
    }

    /** The calls waiting for {@code owner}, as shown to them. */
    List<ServerMessage.ToolCall> waitingFor(String owner) {
        return pending.values().stream().filter(p -> p.owner().equals(owner)).map(Pending::shown).toList();
    }

    /** Gives up waiting for {@code callId}: the answer was stopped. */
    void abandon(String callId) {
        Pending p = pending.get(callId);
        if (p != null) {
            p.decision().complete(new Decision(ToolDecision.DENY, "the answer was stopped"));
        }
    }
}
