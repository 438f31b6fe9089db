package dev.nova.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.desktop.chat.ChatInbox.Batch;
import dev.nova.desktop.chat.ChatInbox.Incoming;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat's intake alone (no JavaFX): what the UI thread takes, and in what order. */
class ChatInboxTest {
    private final ChatInbox inbox = new ChatInbox();

    private List<Object> takeAll() {
        List<Object> all = new ArrayList<>();
        for (Object o = inbox.take(); o != null; o = inbox.take()) {
            all.add(o);
        }
        return all;
    }

    @Test
    void piecesOfOneAnswerBetweenTwoTakesAreOneBatch() {
        inbox.chunk(LlmChunk.piece("answer-m-1", "Hel"));
        inbox.chunk(LlmChunk.piece("answer-m-2", "Other"));
        inbox.chunk(LlmChunk.piece("answer-m-1", "lo"));

        List<Object> taken = takeAll();

        assertThat(taken).hasSize(2);
        assertThat(((Batch) taken.get(0)).text).hasToString("Hello");
        assertThat(((Batch) taken.get(1)).text).hasToString("Other");
    }

    @Test
    void aStoredMessageKeepsLaterPiecesAfterIt() {
        inbox.chunk(LlmChunk.piece("answer-m-1", "before "));
        inbox.message(null, ChatMessage.of("Hi?", "assistant", "m-2", 2, "ada", null));
        inbox.chunk(LlmChunk.piece("answer-m-1", "after"));

        List<Object> taken = takeAll();

        assertThat(taken).hasSize(3);
        assertThat(((Batch) taken.get(0)).text).hasToString("before ");
        assertThat(taken.get(1)).isInstanceOf(Incoming.class);
        assertThat(((Batch) taken.get(2)).text).hasToString("after");
    }

    @Test
    void aPieceAfterATakeStartsANewBatch() {
        inbox.chunk(LlmChunk.piece("answer-m-1", "a"));
        assertThat(takeAll()).hasSize(1);
        inbox.chunk(LlmChunk.piece("answer-m-1", "b"));

        assertThat(takeAll()).singleElement().satisfies(b -> assertThat(((Batch) b).text).hasToString("b"));
    }

    @Test
    void anErrorWithoutARequestIsNotTheChats() {
        inbox.error(new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", "chat_message", null, 100L));
        inbox.error(new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", "chat_message", "answer-m-1", 100L));

        assertThat(takeAll()).singleElement().satisfies(b -> {
            assertThat(((Batch) b).error).isEqualTo("slow down");
            assertThat(((Batch) b).holdsNoWork()).isTrue();
        });
    }
}
