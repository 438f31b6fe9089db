package dev.nova.server.mcpserver;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.agent.AgentTeam;
import dev.nova.server.board.TaskBoard;
import dev.nova.server.chat.Chat;
import dev.nova.server.identity.Identity;
import dev.nova.server.identity.Role;
import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.StoreException;
import dev.nova.server.task.Task;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's board as MCP tools, for any MCP host (LM Studio's chat, Claude Desktop, Cline, an agent
 * framework): see and create tasks, move them as an agent, read and post channel messages, see the
 * agents. Each call acts as the API key it came with ({@link McpEndpoint}), under the same rules as
 * the WebSocket (people create and cancel tasks; only agent keys take and move them; private
 * channels for their readers), and what it changes reaches every desktop live, as if done over
 * the WebSocket. Results are JSON with the protocol's field names; a refused call is a tool error
 * saying why, never a stack trace.
 */
final class BoardTools {
    private static final Logger log = LoggerFactory.getLogger(BoardTools.class);
    /** What the calls find in their transport context: the {@link Identity} of the key. */
    static final String IDENTITY = "nova.identity";
    /** The longest text a call may store (a WebSocket frame holds no more). */
    static final int MAX_TEXT = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final AgentTeam team;
    private final TaskBoard board;
    private final Chat chat;
    private final Clock clock;
    private final McpJsonMapper mapper;

    BoardTools(AgentTeam team, Chat chat, Clock clock, McpJsonMapper mapper) {
        this.team = team;
        this.board = team.board();
        this.chat = chat;
        this.clock = clock;
        this.mapper = mapper;
    }

    List<SyncToolSpecification> specifications() {
        return List.of(
                tool("list_tasks", "List the tasks on Nova's board: every open one, then the most recently closed."
                        + " Each has task_id, title, task_type, status (created, assigned, in_progress, completed,"
                        + " failed, cancelled), agent_id, content, result or error.", true, """
                        {"type": "object", "properties": {
                          "status": {"type": "string", "description": "only tasks in this state; open = not closed yet",
                                     "enum": ["open", "created", "assigned", "in_progress", "completed", "failed", "cancelled"]},
                          "limit": {"type": "integer", "minimum": 1, "maximum": 200, "description": "at most this many, newest last (default 50)"}
                        }}""", this::listTasks),
                tool("create_task", "Put a task on Nova's board, for its agents (or, with take, for yourself when"
                        + " you use an agent key). Everyone watching the board sees it at once.", false, """
                        {"type": "object", "required": ["content"], "properties": {
                          "content": {"type": "string", "description": "what is to be done"},
                          "title": {"type": "string", "description": "a short title (default: the content's first line)"},
                          "task_type": {"type": "string", "description": "the kind of work, e.g. research or write; agents of that role get it first (default general)"},
                          "take": {"type": "boolean", "description": "agent keys only: the task is yours, in progress, and no other agent gets it"}
                        }}""", this::createTask),
                tool("update_task", "Move a task along, or report progress on it. With an agent key: in_progress"
                        + " takes a waiting task or goes on with yours (progress: a line on what you are doing),"
                        + " completed (with result), failed (with error), created (give it back). People can only"
                        + " cancel the tasks they created.", false, """
                        {"type": "object", "required": ["task_id"], "properties": {
                          "task_id": {"type": "string"},
                          "status": {"type": "string", "enum": ["in_progress", "completed", "failed", "created", "cancelled"],
                                     "description": "the task's new state; leave out to only report progress"},
                          "progress": {"type": "string", "description": "what you are doing now, shown live in the agents panel"},
                          "result": {"type": "string", "description": "the outcome, when completed"},
                          "error": {"type": "string", "description": "what went wrong, when failed"}
                        }}""", this::updateTask),
                tool("post_message", "Post a message to a channel of Nova's (not a private one you may not read)."
                        + " Everyone subscribed sees it at once.", false, """
                        {"type": "object", "required": ["channel", "content"], "properties": {
                          "channel": {"type": "string", "description": "the channel's name, e.g. general"},
                          "content": {"type": "string"},
                          "thread_id": {"type": "string", "description": "a thread of the channel (default: the channel's main thread)"}
                        }}""", this::postMessage),
                tool("read_messages", "Read a channel's newest messages, oldest first; page back with before.", true, """
                        {"type": "object", "required": ["channel"], "properties": {
                          "channel": {"type": "string"},
                          "limit": {"type": "integer", "minimum": 1, "maximum": 200, "description": "at most this many (default 20)"},
                          "before": {"type": "integer", "minimum": 0, "description": "only messages below this offset (the has_more page's first offset)"}
                        }}""", this::readMessages),
                tool("list_agents", "List Nova's agents that are online: id, name, role, status and the task each"
                        + " is working on.", true, """
                        {"type": "object", "properties": {}}""", this::listAgents));
    }

    private interface Call {
        Object run(Identity who, Args args);
    }

    private SyncToolSpecification tool(String name, String description, boolean readOnly, String schema, Call call) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(mapper, schema)
                .annotations(new McpSchema.ToolAnnotations(null, readOnly, false, readOnly, false, null))
                .build();
        BiFunction<McpTransportContext, McpSchema.CallToolRequest, McpSchema.CallToolResult> handler =
                (context, request) -> answer(name, (Identity) context.get(IDENTITY), request.arguments(), call);
        return new SyncToolSpecification(tool, handler);
    }

    private McpSchema.CallToolResult answer(String name, Identity who, Map<String, Object> arguments, Call call) {
        if (who == null) {
            return refused("not authenticated"); // the endpoint lets no call in without a key
        }
        try {
            Object result = call.run(who, new Args(arguments == null ? Map.of() : arguments));
            return McpSchema.CallToolResult.builder().addTextContent(JSON.writeValueAsString(result)).isError(false)
                    .build();
        } catch (ProtocolException e) {
            String field = e.path().replaceFirst("^data\\.", "");
            return refused(field.isEmpty() ? e.problem() : field + ": " + e.problem());
        } catch (StoreException e) {
            return refused("the server's store is not reachable; try again");
        } catch (JsonProcessingException | RuntimeException e) {
            log.warn("MCP tool {} of {} failed", name, who.name(), e);
            return refused("the server could not do this (internal error)");
        }
    }

    private static McpSchema.CallToolResult refused(String why) {
        return McpSchema.CallToolResult.builder().addTextContent(why).isError(true).build();
    }

    // ---- the tools

    private Object listTasks(Identity who, Args args) {
        String status = args.text("status", 32);
        int limit = args.integer("limit", 1, 200, 50);
        TaskStatus only = status == null || status.equals("open") ? null : args.status("status");
        Instant now = clock.instant();
        List<ServerMessage.TaskUpdate> tasks = board.tasks().stream()
                .filter(t -> only != null ? t.status() == only : status == null || !t.status().isClosed())
                .map(t -> t.toUpdate(now)).toList();
        return Map.of("tasks", tasks.subList(Math.max(0, tasks.size() - limit), tasks.size()));
    }

    private Object createTask(Identity who, Args args) {
        ClientMessage.CreateTask m = new ClientMessage.CreateTask(
                args.textOr("task_type", 128, "general"), args.required("content", MAX_TEXT), args.text("title", 200));
        boolean take = args.bool("take");
        if (take && who.role() != Role.AGENT) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "take",
                    "only an agent key takes tasks; '" + who.name() + "' is a " + who.role().wire() + " key");
        }
        Task t = board.create(null, who.name(), m.taskType(), m.content(), m.title(), null, take ? who.name() : null);
        if (take) {
            t = board.move(t.id(), TaskStatus.IN_PROGRESS, who.name(), null, null, null);
            team.registry().action(who.name(), "started", t.id(), t.title(), null);
        }
        return t.toUpdate(clock.instant());
    }

    private Object updateTask(Identity who, Args args) {
        String id = args.required("task_id", 128);
        TaskStatus to = args.status("status");
        String progress = args.text("progress", 2000);
        if (to == TaskStatus.CANCELLED) {
            return team.handlers().cancel(who, id).toUpdate(clock.instant());
        }
        if (who.role() != Role.AGENT) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "status", "only an agent key moves tasks or reports"
                    + " progress; '" + who.name() + "' is a " + who.role().wire() + " key (people can cancel:"
                    + " status cancelled)");
        }
        String agent = who.name();
        Task task = board.task(id);
        if (to == TaskStatus.IN_PROGRESS && task.status() == TaskStatus.CREATED) {
            // a waiting task: it is this agent's now (unless another agent took it first)
            board.move(id, TaskStatus.ASSIGNED, agent, null, null, null);
            task = board.move(id, TaskStatus.IN_PROGRESS, agent, null, null, null);
            team.registry().action(agent, "started", id, task.title(), null);
        } else {
            if (!agent.equals(task.agentId()) || task.status().isClosed()) {
                throw new ProtocolException(ErrorCode.INVALID_TRANSITION, "task_id", "task " + id + " is "
                        + task.status().wire() + (task.agentId() == null ? "" : " with " + task.agentId())
                        + "; it is not yours to move (take a waiting one with status in_progress)");
            }
            if (to != null && to != task.status()) {
                task = board.move(id, to, agent, args.text("result", MAX_TEXT), args.text("error", MAX_TEXT), null);
                if (to.isClosed() || to == TaskStatus.CREATED) {
                    team.registry().action(agent, to == TaskStatus.CREATED ? "released" : to.wire(), id, task.title(),
                            null);
                    team.scheduler().assignWaiting();
                }
            } else if (progress == null) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "status",
                        "give a new status, or progress to report");
            }
        }
        if (progress != null) {
            team.registry().action(agent, "progress", id, progress, null);
        }
        return task.toUpdate(clock.instant());
    }

    private Object postMessage(Identity who, Args args) {
        String channel = args.required("channel", 128);
        ClientMessage.ChatMessage m = new ClientMessage.ChatMessage(args.required("content", MAX_TEXT),
                args.text("thread_id", 128), null);
        return chat.postToChannel(who, channel, m);
    }

    private Object readMessages(Identity who, Args args) {
        String channel = args.required("channel", 128);
        int limit = args.integer("limit", 1, 200, 20);
        Integer before = args.integer("before", 0, Integer.MAX_VALUE, -1);
        HistoryStore.Page page = chat.channelPage(who, channel, before < 0 ? null : (long) before, limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", channel);
        out.put("messages", page.messages());
        out.put("has_more", page.hasMore());
        return out;
    }

    private Object listAgents(Identity who, Args args) {
        return Map.of("agents", team.registry().statuses());
    }

    /** A call's arguments, read with clear refusals for what is missing or of the wrong type. */
    private record Args(Map<String, Object> values) {
        String text(String name, int max) {
            Object v = values.get(name);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw invalid(name, "must be a string");
            }
            if (s.length() > max) {
                throw invalid(name, "too long (at most " + max + " characters)");
            }
            return s.isBlank() ? null : s;
        }

        String textOr(String name, int max, String otherwise) {
            String s = text(name, max);
            return s == null ? otherwise : s;
        }

        String required(String name, int max) {
            String s = text(name, max);
            if (s == null) {
                throw invalid(name, "required");
            }
            return s;
        }

        int integer(String name, int min, int max, int otherwise) {
            Object v = values.get(name);
            if (v == null) {
                return otherwise;
            }
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw invalid(name, "must be a whole number");
            }
            if (n.doubleValue() < min || n.doubleValue() > max) {
                throw invalid(name, "must be between " + min + " and " + max);
            }
            return n.intValue();
        }

        TaskStatus status(String name) {
            String s = text(name, 32);
            try {
                return s == null ? null : TaskStatus.fromWire(s);
            } catch (IllegalArgumentException e) {
                throw invalid(name, e.getMessage());
            }
        }

        boolean bool(String name) {
            Object v = values.get(name);
            if (v != null && !(v instanceof Boolean)) {
                throw invalid(name, "must be true or false");
            }
            return Boolean.TRUE.equals(v);
        }

        private static ProtocolException invalid(String name, String problem) {
            return new ProtocolException(ErrorCode.INVALID_MESSAGE, name, problem);
        }
    }
}
