package dev.nova.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseLinesTest {
    private final List<String> events = new ArrayList<>();
    private final SseLines sse = new SseLines(events::add);

    @Test
    void dataLinesMakeOneEventAtTheBlankLineWithOrWithoutTheSpace() {
        sse.line("data: {\"a\":1}");
        sse.line("");
        sse.line("data:{\"b\":2}");
        sse.line("");
        assertThat(events).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void severalDataLinesJoinWithNewlinesAndOtherFieldsAndCommentsAreIgnored() {
        sse.line(": keep-alive");
        sse.line("event: message");
        sse.line("id: 7");
        sse.line("data: first");
        sse.line("data: second");
        assertThat(events).as("nothing before the blank line").isEmpty();
        sse.line("");
        assertThat(events).containsExactly("first\nsecond");
        sse.line("");
        assertThat(events).as("a blank line alone is no event").hasSize(1);
    }

    @Test
    void anEventTheStreamEndedWithoutItsBlankLineIsDispatchedOnFlush() {
        sse.line("data: [DONE]");
        sse.flush();
        sse.flush();
        assertThat(events).containsExactly("[DONE]");
    }
}
