package dev.nova.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nova.protocol.AgentState;
import dev.nova.protocol.AgentWork;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.AgentAction;
import dev.nova.protocol.ServerMessage.AgentStatus;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import dev.nova.protocol.ServerMessage.TaskUpdate;
import dev.nova.protocol.TaskStatus;
import dev.nova.server.identity.Role;
import dev.nova.server.testing.FakeLmStudio;
import dev.nova.server.testing.Frames;
import dev.nova.server.testing.FakeLmStudio.Script;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guide's three agent flows and the task board's rules, over real sockets against a scripted LM Studio. */
class TasksAndAgentsIT {
    @TempDir
    Path dir;
    FakeLmStudio lm;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        lm = new FakeLmStudio();
        lm.always(Script.stream().answer("Findings:", " all good."));
        server = TestServer.start(dir, TestServer.llm(lm.baseUrl(), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.close();
        lm.close();
    }

    private static ServerMessage.Error nextError(WsTestClient c) {
        return (ServerMessage.Error) c.nextMatching(e -> e.data() instanceof ServerMessage.Error).data();
    }

    /** The id of the next task created for this client. */
    private static String createdTask(WsTestClient c) {
        return ((TaskUpdate) c.nextMatching(e -> e.data() instanceof TaskUpdate u && u.status() == TaskStatus.CREATED)
                .data()).taskId();
    }

    private static List<TaskStatus> statusesUntilClosed(WsTestClient c, String taskId) {
        List<TaskStatus> seen = new ArrayList<>();
        while (seen.isEmpty() || !seen.get(seen.size() - 1).isClosed()) {
            Envelope<ServerMessage> e = c.nextMatching(x -> x.data() instanceof TaskUpdate u
                    && (taskId == null || u.taskId().equals(taskId)));
            seen.add(((TaskUpdate) e.data()).status());
        }
        return seen;
    }

    @Test
    void createTaskIsCreatedAssignedAndCompletedByAnAgent() {
        try (WsTestClient c = server.login("test-client")) {
            c.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"analysis\",\"content\":\"Test task\"}}");
            TaskUpdate created = c.next(TaskUpdate.class);
            assertThat(created.status()).isEqualTo(TaskStatus.CREATED);
            assertThat(created.threadId()).as("made on the board: a step of no question").isNull();
            List<TaskStatus> updates = new ArrayList<>();
            LlmChunk last = null;
            while (updates.isEmpty() || !updates.get(updates.size() - 1).isClosed()) {
                Envelope<ServerMessage> e = c.next();
                if (e.data() instanceof TaskUpdate u) {
                    updates.add(u.status());
                } else if (e.data() instanceof LlmChunk ch && ch.isFinal()) {
                    last = ch;
                }
            }
            assertThat(updates).containsSubsequence(TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED);
            assertThat(last).as("the agent's stream ends with a final chunk").isNotNull();
            assertThat(last.taskId()).isEqualTo(created.taskId());
            assertThat(last.finishReason()).isEqualTo(dev.nova.protocol.FinishReason.STOP);
            c.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"tasks\"}}");
            TaskUpdate done = c.nextMatching(e -> e.data() instanceof TaskUpdate u && u.taskId().equals(created.taskId()))
                    .data() instanceof TaskUpdate u ? u : null;
            assertThat(done.result()).isEqualTo("Findings: all good.");
            assertThat(done.tokens()).isEqualTo(2);
            assertThat(done.elapsedMs()).isNotNull();
            assertThat(done.agentId()).isIn("researcher", "writer");
        }
    }

    @Test
    void subscribingToAgentStatusSendsEveryAgentFirst() {
        try (WsTestClient c = server.login("watcher")) {
            c.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"agent-status\"}}");
            Envelope<ServerMessage> first = c.next();
            assertThat(first.type()).isEqualTo("agent_status");
            List<AgentStatus> all = new ArrayList<>();
            all.add((AgentStatus) first.data());
            all.add(c.next(AgentStatus.class));
            all.add(c.next(AgentStatus.class));
            assertThat(all).extracting(AgentStatus::agentId).containsExactly("coordinator", "researcher", "writer");
            assertThat(all).allMatch(a -> a.status() == AgentState.IDLE && a.name() != null && a.role() != null);
            assertThat(c.next(ServerMessage.SubscriptionSuccess.class).channel()).isEqualTo("agent-status");
        }
    }

    @Test
    void aComplexChatMessageIsPlannedAndDoneByAgentsThenAnsweredOnce() {
        lm.when("coordinator", Script.stream().answer("{\"steps\":[{\"title\":\"Look it up\",\"type\":\"research\","
                + "\"content\":\"find it\"},{\"title\":\"Write it\",\"type\":\"write\",\"content\":\"write it\"}]}"));
        try (WsTestClient c = server.login("test-client")) {
            c.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"Complex query requiring multiple agents\","
                    + "\"workspace\":\"test\"}}");
            List<Envelope<ServerMessage>> messages = new ArrayList<>();
            while (true) {
                Envelope<ServerMessage> e = c.next();
                messages.add(e);
                if (e.data() instanceof ChatMessage m && Boolean.TRUE.equals(m.isFinal())) {
                    break;
                }
            }
            assertThat(messages).filteredOn(e -> e.type().equals("agent_action")).isNotEmpty();
            assertThat(messages).filteredOn(e -> e.type().equals("llm_chunk")).isNotEmpty();
            assertThat(messages).filteredOn(e -> e.data() instanceof LlmChunk ch && "task-".regionMatches(0,
                    String.valueOf(ch.requestId()), 0, 5)).extracting(e -> ((LlmChunk) e.data()).agentId())
                    .contains("researcher", "writer");
            assertThat(messages).filteredOn(e -> e.data() instanceof TaskUpdate u && u.status() == TaskStatus.COMPLETED)
                    .hasSize(2).allSatisfy(e -> assertThat(((TaskUpdate) e.data()).threadId())
                            .as("each step names the thread it was asked in").isEqualTo("assistant"));
            ChatMessage last = (ChatMessage) messages.get(messages.size() - 1).data();
            assertThat(last.sender()).isEqualTo("assistant");
            assertThat(last.response()).contains("### Look it up", "### Write it", "Findings: all good.");
        }
    }

    @Test
    void aBoardTaskGoesToTheAgentWhoseWorkItAsksFor() {
        try (WsTestClient c = server.login("boss")) {
            for (String[] task : new String[][] {{"Write a long essay about the sea", "writer"},
                    {"Find the population of Lyon and compare it with Porto", "researcher"},
                    {"Summarize these notes for the team", "writer"}}) {
                c.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"analysis\",\"content\":\"" + task[0] + "\"}}");
                TaskUpdate assigned = (TaskUpdate) c.nextMatching(e -> e.data() instanceof TaskUpdate u
                        && u.status() == TaskStatus.ASSIGNED).data();
                assertThat(assigned.agentId()).as(task[0]).isEqualTo(task[1]);
                c.nextMatching(e -> e.data() instanceof TaskUpdate u && u.taskId().equals(assigned.taskId())
                        && u.status().isClosed());
            }
        }
    }

    @Test
    void aMalformedPlanFallsBackToASingleTask() {
        lm.when("coordinator", Script.stream().answer("Sure! Here is my plan: do stuff."));
        try (WsTestClient c = server.login("planner")) {
            c.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"/plan compare two databases\"}}");
            ChatMessage answer = (ChatMessage) c.nextMatching(e -> e.data() instanceof ChatMessage m
                    && Boolean.TRUE.equals(m.isFinal())).data();
            assertThat(answer.response()).contains("### compare two databases", "Findings: all good.");
            assertThat(lm.requests()).hasSize(2); // the plan, then one task
        }
    }

    @Test
    void aStepWhoseModelCallFailsMakesTheAnswerSaySoInsteadOfHanging() {
        lm.when("coordinator", Script.stream().answer("{\"steps\":[{\"title\":\"Good step\",\"type\":\"research\","
                + "\"content\":\"fine work\"},{\"title\":\"Bad step\",\"type\":\"write\",\"content\":\"doomed work\"}]}"));
        lm.when("doomed work", Script.error(400, FakeLmStudio.NO_MODEL_BODY));
        try (WsTestClient c = server.login("unlucky")) {
            c.send("{\"type\":\"chat_message\",\"data\":{\"content\":\"Research this and write it up\"}}");
            ChatMessage answer = (ChatMessage) c.nextMatching(e -> e.data() instanceof ChatMessage m
                    && Boolean.TRUE.equals(m.isFinal())).data();
            assertThat(answer.response()).contains("1 of 2 steps did not finish", "Findings: all good.",
                    "failed: No models loaded.");
        }
    }

    @Test
    void illegalTransitionsAreRefusedAndChangeNothing() {
        try (WsTestClient c = server.login("alice")) {
            c.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"analysis\",\"content\":\"x\"}}");
            String id = c.next(TaskUpdate.class).taskId();
            statusesUntilClosed(c, id);
            c.send("{\"type\":\"task_update\",\"data\":{\"task_id\":\"" + id + "\",\"status\":\"cancelled\"}}");
            ServerMessage.Error error = nextError(c);
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_TRANSITION);
            assertThat(error.message()).contains("completed", "cannot become cancelled");
            c.send("{\"type\":\"task_update\",\"data\":{\"task_id\":\"" + id + "\",\"status\":\"in_progress\"}}");
            assertThat(nextError(c).code()).isEqualTo(ErrorCode.FORBIDDEN);
            c.send("{\"type\":\"task_update\",\"data\":{\"task_id\":\"no-such-task\",\"status\":\"cancelled\"}}");
            assertThat(nextError(c).code()).isEqualTo(ErrorCode.NOT_FOUND);
            c.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"tasks\"}}");
            TaskUpdate still = (TaskUpdate) c.nextMatching(e -> e.data() instanceof TaskUpdate).data();
            assertThat(still.status()).isEqualTo(TaskStatus.COMPLETED);
        }
    }

    @Test
    void anExternalAgentTakesTasksMovesThemAndGivesThemBackWhenItLeaves() throws Exception {
        String agentKey = server.key("scout", Role.AGENT);
        WsTestClient agent = server.login("scout", agentKey);
        agent.send("{\"type\":\"agent_status\",\"data\":{\"agent_id\":\"scout\",\"status\":\"idle\",\"name\":\"Scout\","
                + "\"role\":\"research\"}}");
        try (WsTestClient alice = server.login("alice")) {
            alice.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"research\",\"content\":\"scout this\"}}");
            String id = alice.next(TaskUpdate.class).taskId();
            TaskUpdate assigned = agent.next(TaskUpdate.class);
            assertThat(assigned.taskId()).isEqualTo(id);
            assertThat(assigned.status()).isEqualTo(TaskStatus.ASSIGNED);
            assertThat(assigned.agentId()).isEqualTo("scout");
            agent.send("{\"type\":\"task_update\",\"data\":{\"task_id\":\"" + id + "\",\"status\":\"in_progress\"}}");
            agent.send("{\"type\":\"task_update\",\"data\":{\"task_id\":\"" + id + "\",\"status\":\"completed\","
                    + "\"result\":\"scouted\"}}");
            assertThat(statusesUntilClosed(alice, id)).containsSubsequence(TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS,
                    TaskStatus.COMPLETED);

            alice.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"research\",\"content\":\"second job\"}}");
            String second = alice.next(TaskUpdate.class).taskId();
            assertThat(agent.nextMatching(e -> e.data() instanceof TaskUpdate u && u.taskId().equals(second)).data())
                    .extracting(d -> ((TaskUpdate) d).agentId()).isEqualTo("scout");
            agent.abort(); // it goes away holding the task
            List<TaskStatus> after = statusesUntilClosed(alice, second);
            assertThat(after).containsSubsequence(TaskStatus.CREATED, TaskStatus.ASSIGNED, TaskStatus.COMPLETED);
            alice.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"agent-status\"}}");
            AgentStatus scout = (AgentStatus) alice.nextMatching(e -> e.data() instanceof AgentStatus s
                    && s.agentId().equals("scout")).data();
            assertThat(scout.status()).isEqualTo(AgentState.OFFLINE);
        }
    }

    @Test
    void peopleCannotReportAgentStatusAndAgentsCannotMoveOthersTasks() {
        try (WsTestClient person = server.login("person")) {
            person.send("{\"type\":\"agent_status\",\"data\":{\"agent_id\":\"fake\",\"status\":\"idle\"}}");
            assertThat(person.next(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
        String key = server.key("rogue", Role.AGENT);
        try (WsTestClient rogue = server.login("rogue", key); WsTestClient alice = server.login("alice")) {
            rogue.send("{\"type\":\"agent_status\",\"data\":{\"agent_id\":\"rogue\",\"status\":\"busy\"}}");
            alice.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"write\",\"content\":\"mine\"}}");
            String id = alice.next(TaskUpdate.class).taskId();
            statusesUntilClosed(alice, id);
            rogue.send("{\"type\":\"task_update\",\"data\":{\"task_id\":\"" + id + "\",\"status\":\"failed\"}}");
            assertThat(rogue.nextMatching(e -> e.data() instanceof ServerMessage.Error).data())
                    .extracting(d -> ((ServerMessage.Error) d).code()).isEqualTo(ErrorCode.INVALID_TRANSITION);
        }
    }

    @Test
    void cancellingARunningTaskStopsItsLlmStream() throws Exception {
        lm.when("long job", Script.stream().firstContent("work").repeat(1000, 10, " work").finish("stop").done().build());
        try (WsTestClient c = server.login("boss")) {
            c.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"analysis\",\"content\":\"long job\"}}");
            String id = c.next(TaskUpdate.class).taskId();
            c.nextMatching(e -> e.data() instanceof LlmChunk ch && id.equals(ch.taskId()));
            c.send("{\"type\":\"task_update\",\"data\":{\"task_id\":\"" + id + "\",\"status\":\"cancelled\"}}");
            LlmChunk last = (LlmChunk) c.nextMatching(e -> e.data() instanceof LlmChunk ch && ch.isFinal()).data();
            assertThat(last.finishReason()).isEqualTo(dev.nova.protocol.FinishReason.CANCELLED);
            int request = lm.requests().size();
            assertThat(lm.awaitClosedByClient(request, TimeUnit.SECONDS.toMillis(10))).as("the task's LLM stream was closed").isTrue();
        }
    }

    @Test
    void theBoardIsSentOnEverySubscribe() {
        try (WsTestClient c = server.login("alice")) {
            for (String job : List.of("one", "two")) {
                c.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"analysis\",\"content\":\"" + job + "\"}}");
                statusesUntilClosed(c, createdTask(c));
            }
        }
        for (int round = 0; round < 2; round++) {
            try (WsTestClient c = server.login("viewer-" + round)) {
                c.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"tasks\"}}");
                assertThat(List.of(c.next(TaskUpdate.class), c.next(TaskUpdate.class)))
                        .extracting(TaskUpdate::content).containsExactly("one", "two");
                assertThat(c.next(ServerMessage.SubscriptionSuccess.class).channel()).isEqualTo("tasks");
            }
        }
    }

    @Test
    void agentActionsAreSentToWhoeverAskedForTheWork() {
        try (WsTestClient c = server.login("curious")) {
            c.send("{\"type\":\"create_task\",\"data\":{\"task_type\":\"write\",\"content\":\"a poem\"}}");
            AgentAction action = (AgentAction) c.nextMatching(e -> e.data() instanceof AgentAction).data();
            assertThat(action.action()).isIn("assigned", "started");
        }
    }

    /** The answer to a planned request, after every frame before it (the client's own history of the exchange). */
    private static ChatMessage plannedAnswer(WsTestClient c, String request) {
        c.send("{\"type\":\"chat_message\",\"data\":{\"content\":" + FakeLmStudio.quote(request) + "}}");
        return (ChatMessage) c.nextMatching(e -> e.data() instanceof ChatMessage m && Boolean.TRUE.equals(m.isFinal()))
                .data();
    }

    private static final String CUT_PLAN = "{\"steps\":[{\"title\":\"Look it up\",\"type\":\"research\","
            + "\"content\":\"find it\"},{\"title\":\"Write it\",\"type\":\"write\",\"content\":\"write it\"},"
            + "{\"title\":\"Check \\\"it\\\" {twice}\",\"type\":\"res";

    @Test
    void aPlanForAModelWithATinyContextIsAskedWithinItAndTheAnswerSaysTheRequestWasCut() throws Exception {
        lm.serve("/api/v1/models", "{\"models\":[{\"type\":\"llm\",\"publisher\":\"google\",\"key\":\"" + FakeLmStudio.MODEL
                + "\",\"display_name\":\"Gemma\",\"loaded_instances\":[{\"id\":\"" + FakeLmStudio.MODEL
                + "\",\"config\":{\"context_length\":256}}],\"max_context_length\":32768,\"format\":\"gguf\"}]}");
        lm.when("coordinator", Script.stream().answer("{\"steps\":[{\"title\":\"Look it up\",\"type\":\"research\","
                + "\"content\":\"find it\"}]}"));
        String request = "/plan compare two databases " + "in every way you can think of, ".repeat(60);
        try (WsTestClient c = server.login("tiny")) {
            ChatMessage answer = plannedAnswer(c, request);
            assertThat(answer.response()).startsWith("_The request was cut to fit the model's context of 256 tokens._")
                    .contains("### Look it up", "Findings: all good.");
            assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        }
        var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lm.requests().stream()
                .filter(r -> r.path().endsWith("/chat/completions")).findFirst().orElseThrow().body()).path("messages");
        long chars = 0;
        for (var m : plan) {
            chars += m.path("content").asText().length();
        }
        assertThat(chars).as("within the 256-token context, with room for the answer").isLessThan(192 * 3);
        assertThat(plan.get(0).path("content").asText()).as("the reply format kept").contains("Reply with JSON only");
    }

    @Test
    void aPlanRequestTheModelServerRefusesEndsTheAnswerWithWhyAndHandsNothingToTheAgents() {
        lm.when("coordinator", Script.error(400,
                "{\"error\":\"request (293 tokens) exceeds the available context size (256 tokens)\"}"));
        try (WsTestClient c = server.login("refused")) {
            ChatMessage answer = plannedAnswer(c, "/plan compare two databases");
            assertThat(answer.finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(answer.response()).startsWith("_The coordinator could not plan:").contains("exceeds the available context")
                    .doesNotContain("length limit", "###");
            assertThat(lm.requests().stream().filter(r -> r.path().endsWith("/chat/completions"))).as("no step was run")
                    .hasSize(1);
            c.send("{\"type\":\"subscribe\",\"data\":{\"channel\":\"tasks\"}}");
            c.nextMatching(e -> e.data() instanceof ServerMessage.SubscriptionSuccess);
            c.send(Frames.ping());
            assertThat(c.nextMatching(e -> e.data() instanceof ServerMessage.Pong || e.data() instanceof TaskUpdate).data())
                    .as("no task on the board").isInstanceOf(ServerMessage.Pong.class);
        }
    }

    @Test
    void aPlanCutAtTheLengthLimitStillRunsTheStepsItHoldsInFullAndSaysSo() {
        lm.when("coordinator", Script.stream().firstContent(CUT_PLAN).finish("length").done().build());
        try (WsTestClient c = server.login("planner")) {
            ChatMessage answer = plannedAnswer(c, "/plan compare two databases");
            assertThat(answer.response()).startsWith("_The plan was cut at the length limit: the 2 steps it held in full"
                    + " were done._").contains("### Look it up", "### Write it", "Findings: all good.");
            assertThat(lm.requests()).hasSize(3); // the plan, then two tasks: no retry when whole steps came
            assertThat(answer.work()).extracting(AgentWork::agentId, AgentWork::title, AgentWork::finishReason)
                    .containsExactly(tuple("coordinator", "Plan", FinishReason.LENGTH),
                            tuple("researcher", "Look it up", FinishReason.STOP),
                            tuple("writer", "Write it", FinishReason.STOP));
            assertThat(answer.work().get(0).content()).isEqualTo(CUT_PLAN);
            assertThat(answer.work().get(1).content()).isEqualTo("Findings: all good.");
        }
    }

    @Test
    void aPlanCutBeforeItsFirstWholeStepIsAskedForOnceMoreShorter() {
        lm.when("coordinator", Script.stream().firstContent("{\"steps\":[{\"title\":\"Look it").finish("length")
                .done().build());
        lm.when("Your previous plan was cut", Script.stream().answer("{\"steps\":[{\"title\":\"Short\","
                + "\"type\":\"research\",\"content\":\"find it\"}]}"));
        try (WsTestClient c = server.login("planner")) {
            ChatMessage answer = plannedAnswer(c, "/plan compare two databases");
            assertThat(answer.response()).startsWith("_The first plan was cut at the length limit, so a shorter one was"
                    + " asked for._").contains("### Short", "Findings: all good.");
            assertThat(lm.requests()).hasSize(3); // the plan, the shorter plan, one task
            assertThat(lm.requests().get(1).body()).contains("Your previous plan was cut at the length limit");
            assertThat(answer.work()).extracting(AgentWork::title, AgentWork::finishReason)
                    .containsExactly(tuple("Plan", FinishReason.LENGTH), tuple("Shorter plan", FinishReason.STOP),
                            tuple("Short", FinishReason.STOP));
        }
    }

    @Test
    void aPlanCutTwiceFallsBackToOneStepAndSaysSo() {
        lm.when("coordinator", Script.stream().firstContent("{\"steps\":[{\"ti").finish("length").done().build());
        try (WsTestClient c = server.login("planner")) {
            ChatMessage answer = plannedAnswer(c, "/plan compare two databases");
            assertThat(answer.response()).startsWith("_The plan was cut at the length limit twice, so one step did the"
                    + " whole request._").contains("### compare two databases", "Findings: all good.");
            assertThat(lm.requests()).hasSize(3); // two plans, one task
        }
    }

    @Test
    void theAgentsWorkIsStoredWithTheAnswerSoAReopenedThreadShowsIt() {
        lm.when("coordinator", Script.stream().answer("{\"steps\":[{\"title\":\"Look it up\",\"type\":\"research\","
                + "\"content\":\"find it\"},{\"title\":\"Bad step\",\"type\":\"write\",\"content\":\"doomed work\"}]}"));
        lm.when("doomed work", Script.error(400, FakeLmStudio.NO_MODEL_BODY));
        ChatMessage live;
        String key = server.key("planner");
        try (WsTestClient c = server.login("planner", key)) {
            live = plannedAnswer(c, "/plan compare two databases");
            assertThat(live.work()).extracting(AgentWork::agentId).containsExactly("coordinator", "researcher", "writer");
            assertThat(live.work().get(2).finishReason()).isEqualTo(FinishReason.ERROR);
            assertThat(live.work().get(2).error()).contains("No models loaded.");
        }
        try (WsTestClient again = server.login("planner", key)) {
            again.send("{\"type\":\"history\",\"data\":{\"thread_id\":\"" + live.threadId() + "\"}}");
            ServerMessage.History page = (ServerMessage.History) again.nextMatching(
                    e -> e.data() instanceof ServerMessage.History).data();
            ChatMessage stored = page.messages().get(page.messages().size() - 1);
            assertThat(stored.messageId()).isEqualTo(live.messageId());
            assertThat(stored.work()).isEqualTo(live.work());
        }
    }
}
