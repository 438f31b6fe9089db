package dev.nova.server.chat;

import dev.nova.server.llm.ChatTurn;
import dev.nova.server.llm.ContextFit;
import dev.nova.server.llm.LlmService;
import dev.nova.server.llm.Relay;
import dev.nova.server.llm.StreamEvents;
import dev.nova.server.llm.Toolbox;
import dev.nova.server.tools.McpTools;
import dev.nova.protocol.Exchanges;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ThreadSettings;
import dev.nova.server.agent.Coordinator;
import dev.nova.server.channel.Channels;
import dev.nova.server.store.HistoryStore;
import dev.nova.server.store.HistoryStore.Answer;
import dev.nova.server.store.HistoryStore.Appended;
import dev.nova.server.store.HistoryStore.NewMessage;
import dev.nova.server.store.ThreadStore;
import dev.nova.server.ws.Client;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a person's {@code chat_message} to the assistant: the thread's earlier messages are the
 * context, the answer streams as {@code llm_chunk}s with request id {@code answer-<message_id>}
 * (cancel it with that id), and the answer is stored and sent as a {@code chat_message} from
 * {@code assistant} with {@code is_final: true} - a partial one too, marked {@code cancelled} or
 * {@code error}.
 */
public final class Assistant {
    private static final Logger log = LoggerFactory.getLogger(Assistant.class);
    public static final String NAME = "assistant";
    /** Earlier messages of the thread sent as context. */
    static final int CONTEXT_MESSAGES = 20;

    private final LlmService llm;
    private final HistoryStore history;
    private final ThreadStore threads;
    private final Channels channels;
    private final Clock clock;
    private final Coordinator coordinator;
    private final McpTools tools;

    public Assistant(LlmService llm, HistoryStore history, ThreadStore threads, Channels channels, Clock clock,
                     Coordinator coordinator, McpTools tools) {
        this.coordinator = coordinator;
        this.tools = tools;
        this.llm = llm;
        this.history = history;
        this.threads = threads;
        this.channels = channels;
        this.clock = clock;
    }

    public static String requestIdFor(ChatMessage question) {
        return requestIdFor(question.messageId());
    }

    /** The request id of the streamed answer to the question stored as {@code messageId}. */
    public static String requestIdFor(String messageId) {
        return "answer-" + messageId;
    }

    /**
     * Streams the answer to {@code question}, stored at offset {@code question.offset()} of
     * {@code stream}, from the {@code requested} model, else the thread's, else the server's
     * default; with the thread's system prompt and temperature when it has its own.
     */
    public void reply(Client c, String stream, ChatMessage question, String requested) {
        // the thread's own settings, where the person gave it some; a model named in the request comes first
        ThreadSettings own = threads.meta(stream, question.threadId()).settings();
        String model = requested != null ? requested : own.model();
        TemplateCommand command = TemplateCommand.of(question.content(), llm.templates().names());
        if (command != null) {
            // "/summarize ...": the text through that prompt template, asked and answered in the thread, kept like any answer
            List<ChatTurn> turns = llm.templates().render(command.template(), command.text(), java.util.Map.of());
            long window = llm.contextLength(model);
            ContextFit.Fitted fitted = ContextFit.fit(turns.size() > 1 ? turns.get(0) : null, List.of(),
                    turns.get(turns.size() - 1), window, llm.maxTokens());
            llm.stream(c, null, requestIdFor(question), model, own.temperature(), turns, null, null,
                    window > 0 ? fitted.use(window) : null, ended -> store(c, stream, question, ended));
            return;
        }
        if (Coordinator.wanted(question.content())) {
            coordinator.run(c, question, model, result -> save(c, stream, question, result.text(),
                    new Answer(null, result.finishReason(), null, question.messageId(), null, result.work())));
            return;
        }
        String persona = own.systemPrompt() != null ? own.systemPrompt() : llm.templates().systemPrompt("chat");
        ChatTurn system = persona.isEmpty() ? null : ChatTurn.system(persona);
        // As much of the thread as fits the model's context, and the answer says how much was left
        // out; when the model server does not say, the last messages, as many as always.
        long window = llm.contextLength(model);
        List<ChatTurn> earlier = context(branchBefore(history.before(stream, question.threadId(), question.offset(),
                window > 0 ? FITTED_MESSAGES : CONTEXT_MESSAGES).messages(), question));
        ContextFit.Fitted fitted = ContextFit.fit(system, earlier, ChatTurn.user(question.content()), window,
                llm.maxTokens());
        if (fitted.leftOut() > 0) {
            log.debug("{} of {} earlier turns left out to fit a context of {} tokens", fitted.leftOut(), earlier.size(),
                    window);
        }
        ChatTurn asked = ChatTurn.user(question.content());
        Toolbox toolbox = own.tools() == null ? null
                : tools.toolbox(c.identity().name(), own.tools(), requestIdFor(question), question.threadId(), null);
        if (toolbox != null && !toolbox.specs().isEmpty()) {
            // the thread lets the assistant use tools, and some are there: it answers in rounds
            llm.streamWithTools(c, null, requestIdFor(question), model, own.temperature(), fitted.turns(), toolbox,
                    tools.host().settings().maxRounds(), window > 0 ? fitted.use(window) : null,
                    ended -> store(c, stream, question, ended));
            return;
        }
        llm.stream(c, null, requestIdFor(question), model, own.temperature(), fitted.turns(), null, null,
                window > 0 ? fitted.use(window) : null, counted -> {
                    if (window <= 0 || fitted.leftOut() >= earlier.size() && counted == 0) {
                        return null; // nothing known to cut by, or nothing left to cut
                    }
                    // the server's tokenizer makes more of this text than the estimate: cut by what it counted
                    double scale = counted > 0 ? 1.1 * counted / Math.max(1, fitted.promptTokens()) : 2.0;
                    ContextFit.Fitted again = ContextFit.fit(system, earlier, asked, window, llm.maxTokens(),
                            Math.max(1.1, scale));
                    return again.turns().size() < fitted.turns().size()
                            ? new LlmService.Refit(again.turns(), again.use(window)) : null;
                }, ended -> store(c, stream, question, ended));
    }

    /**
     * The messages before {@code question} on its own branch: where questions were edited and
     * asked again, the versions (and what followed them) that led to it, not the others.
     */
    static List<ChatMessage> branchBefore(List<ChatMessage> earlier, ChatMessage question) {
        List<ChatMessage> upTo = new ArrayList<>(earlier);
        upTo.add(question);
        // every version before the question: the latest one of each leads to it
        List<ChatMessage> path = Exchanges.branch(upTo, java.util.Map.of());
        return path.subList(0, Math.max(0, path.size() - 1));
    }

    /** How many earlier messages are read when the model's context is known (as many as fit are sent). */
    static final int FITTED_MESSAGES = 200;

    /**
     * The thread's earlier messages as turns for the model: each question with the answer that
     * counts for it - the last one stored for it ({@code reply_to}; an answer stored before
     * {@code reply_to} existed answers the question before it), placed right after it. A question
     * whose answer failed or was stopped is left out with it.
     */
    static List<ChatTurn> context(List<ChatMessage> earlier) {
        List<ChatTurn> turns = new ArrayList<>();
        for (Exchanges.Exchange e : Exchanges.of(earlier)) {
            ChatMessage a = e.answer();
            if (e.question() == null) {
                turns.add(ChatTurn.assistant(a.content())); // nothing asked before it in this page
            } else if (a == null) {
                turns.add(ChatTurn.user(e.question().content()));
            } else if (a.finishReason() != FinishReason.ERROR && a.finishReason() != FinishReason.CANCELLED) {
                turns.add(ChatTurn.user(e.question().content()));
                turns.add(ChatTurn.assistant(a.content()));
            }
        }
        return turns;
    }

    private void store(Client c, String stream, ChatMessage question, Relay.Ended ended) {
        StreamEvents.Outcome o = ended.outcome();
        save(c, stream, question, ended.text(), new Answer(o.model(), o.finishReason(), o.stats(), question.messageId(),
                o.failed() ? o.error() : null, List.of(), ended.toolCalls()));
    }

    /** Stores the answer after its question, unless the thread was deleted meanwhile (it is not brought back). */
    private void save(Client c, String stream, ChatMessage question, String text, Answer answer) {
        NewMessage message = new NewMessage(question.threadId(), NAME, text, null, clock.instant(), answer);
        channels.withStreamLock(stream, () -> {
            List<ChatMessage> upToQuestion = history.before(stream, question.threadId(), question.offset() + 1, 1).messages();
            if (upToQuestion.isEmpty() || !upToQuestion.get(0).messageId().equals(question.messageId())) {
                log.debug("thread {} was deleted while its answer was written; the answer is not stored", question.threadId());
                return null;
            }
            return channels.append(stream, null, message, c, System.nanoTime());
        });
    }
}
