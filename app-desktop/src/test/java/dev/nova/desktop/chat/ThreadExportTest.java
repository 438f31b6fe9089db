package dev.nova.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import dev.nova.protocol.Stats;
import org.junit.jupiter.api.Test;

class ThreadExportTest {
    private ChatViewModel conversation() {
        ChatViewModel vm = new ChatViewModel((ch, m) -> { }, "assistant");
        vm.received(ChatMessage.of("What is **2+2**?", "assistant", "m-1", 1, "ada", null));
        vm.received(LlmChunk.piece("answer-m-1", "It is 4."));
        vm.received(new LlmChunk("", true, "answer-m-1", null, FinishReason.STOP, new Stats(4L, 90L, 40.0), "gemma",
                null, null));
        vm.received(ChatMessage.of("Tell me more", "assistant", "m-3", 3, "ada", null));
        vm.received(LlmChunk.piece("answer-m-3", "Well"));
        vm.received(new LlmChunk("", true, "answer-m-3", null, FinishReason.CANCELLED, null, "gemma", null, null));
        vm.flush();
        return vm;
    }

    @Test
    void markdownKeepsWhoSaidWhatTheFiguresAndStoppedAnswers() {
        String md = ThreadExport.markdown("Maths", conversation().messages());
        assertThat(md).startsWith("# Maths\n\n**ada**\n\nWhat is **2+2**?")
                .contains("**Assistant** _(gemma · 40.0 tok/s · 90 ms to first token)_\n\nIt is 4.")
                .contains("Well\n\n_(Stopped)_");
    }

    @Test
    void jsonHasEveryMessageWithItsIdsAndFigures() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(ThreadExport.json("Maths", conversation().messages()));
        assertThat(doc.get("title").asText()).isEqualTo("Maths");
        assertThat(doc.get("messages")).hasSize(4);
        assertThat(doc.at("/messages/0/message_id").asText()).isEqualTo("m-1");
        assertThat(doc.at("/messages/1/stats/tokens_per_s").asDouble()).isEqualTo(40.0);
        assertThat(doc.at("/messages/3/finish_reason").asText()).isEqualTo("cancelled");
    }

    private static ChatViewModel planned() {
        ChatViewModel vm = new ChatViewModel((ch, m) -> { }, "assistant");
        vm.received(ChatMessage.of("/plan compare", "assistant", "m-1", 1, "ada", null));
        vm.received(new ChatMessage("### A\n\nfound", "assistant", "m-2", 2L, "assistant", null, true, "### A\n\nfound",
                null, FinishReason.STOP, null, "m-1", null, java.util.List.of(
                        new dev.nova.protocol.AgentWork("coordinator", "Plan", "{\"steps\":[]}", FinishReason.LENGTH, null),
                        new dev.nova.protocol.AgentWork("researcher", "A", "found", FinishReason.STOP, null),
                        new dev.nova.protocol.AgentWork("writer", "B", "", FinishReason.ERROR, "No models loaded."))));
        vm.flush();
        return vm;
    }

    @Test
    void bothExportsKeepTheAgentsWorkFolded() throws Exception {
        String md = ThreadExport.markdown("Plan", planned().messages());
        assertThat(md).contains("<details>\n<summary>The agents' work: plan and 2 steps</summary>\n\n"
                + "**Coordinator \u00b7 Plan (cut at the length limit)**\n\n```\n{\"steps\":[]}\n```\n\n"
                + "**Researcher \u00b7 A**\n\nfound\n\n"
                + "**Writer \u00b7 B (failed: No models loaded.)**\n\n</details>");
        JsonNode doc = new ObjectMapper().readTree(ThreadExport.json("Plan", planned().messages()));
        assertThat(doc.at("/messages/1/work/2/error").asText()).isEqualTo("No models loaded.");
        assertThat(doc.at("/messages/1/work/0/finish_reason").asText()).isEqualTo("length");
        assertThat(doc.at("/messages/0/work").isMissingNode()).isTrue();
    }

    @Test
    void aPlanReadsAsItsStepsAndAPlanCutShortAsItCame() {
        assertThat(ThreadExport.workText(new dev.nova.protocol.AgentWork("coordinator", "Plan",
                "Here: {\"steps\":[{\"title\":\"Look\",\"type\":\"research\",\"content\":\"find it\"},"
                        + "{\"title\":\"Write\",\"type\":\"write\",\"content\":\"Write\"}]}", FinishReason.STOP, null)))
                .isEqualTo("1. **Look** (research): find it\n2. **Write** (write)");
        assertThat(ThreadExport.workText(new dev.nova.protocol.AgentWork("coordinator", "Plan",
                "{\"steps\":[{\"title\":\"Lo", FinishReason.LENGTH, null))).isEqualTo("```\n{\"steps\":[{\"title\":\"Lo\n```");
        assertThat(ThreadExport.workText(new dev.nova.protocol.AgentWork("researcher", "A", " found\n", FinishReason.STOP,
                null))).isEqualTo("found");
    }

    @org.junit.jupiter.api.Test
    void exportsAreNamedAfterTheConversation() {
        org.assertj.core.api.Assertions.assertThat(ThreadExport.fileName("Release notes 0.2!", "md")).isEqualTo("release-notes-0-2.md");
        org.assertj.core.api.Assertions.assertThat(ThreadExport.fileName("Grüße / über", "json")).isEqualTo("grüße-über.json");
        org.assertj.core.api.Assertions.assertThat(ThreadExport.fileName("  ", "md")).isEqualTo("conversation.md");
        org.assertj.core.api.Assertions.assertThat(ThreadExport.fileName(null, "md")).isEqualTo("conversation.md");
    }

    private static ChatMessage answer(String text, String id, long offset, String replyTo) {
        return new ChatMessage(text, "assistant", id, offset, "assistant", null, true, text, "gemma", FinishReason.STOP,
                null, replyTo, null);
    }

    /** A question asked, then edited and asked again: the screen shows the second version. */
    private static ChatViewModel edited() {
        ChatViewModel vm = new ChatViewModel((ch, m) -> { }, "assistant");
        ChatMessage first = ChatMessage.of("Capital of Australia?", "assistant", "m-1", 1, "ada", null);
        ChatMessage second = new ChatMessage("Capital of Australia, really?", "assistant", "m-3", 3L, "ada", null, null,
                null, null, null, null, null, null, null, "m-1", null);
        vm.showHistory(null, new dev.nova.protocol.ServerMessage.History("assistant", java.util.List.of(first,
                answer("Sydney.", "m-2", 2, "m-1"), second, answer("Canberra.", "m-4", 4, "m-3")), false));
        return vm;
    }

    @Test
    void bothExportsKeepEveryVersionOfAnEditedQuestion() throws Exception {
        ChatViewModel vm = edited();
        assertThat(vm.messages()).extracting(m -> m.text().get())
                .containsExactly("Capital of Australia, really?", "Canberra.");
        String md = ThreadExport.markdown("Geo", vm.messages(), vm.storedMessages());
        assertThat(md).contains("<details>\n<summary>Version 1 of 2 of this question</summary>\n\n**ada**\n\n"
                + "Capital of Australia?\n\n**Assistant**\n\nSydney.\n\n</details>");
        assertThat(md.indexOf("Sydney.")).as("folded before the version shown").isLessThan(md.indexOf("Canberra."));

        JsonNode doc = new ObjectMapper().readTree(ThreadExport.json("Geo", vm.messages(), vm.storedMessages()));
        assertThat(doc.get("messages")).hasSize(2);
        assertThat(doc.at("/messages/0/edit_of").asText()).isEqualTo("m-1");
        assertThat(doc.at("/messages/1/reply_to").asText()).isEqualTo("m-3");
        assertThat(doc.get("other_versions")).extracting(n -> n.get("message_id").asText()).containsExactly("m-1", "m-2");
        assertThat(doc.at("/other_versions/1/reply_to").asText()).isEqualTo("m-1");
        assertThat(doc.at("/other_versions/1/content").asText()).isEqualTo("Sydney.");
        assertThat(doc.at("/other_versions/0/thread_id").isMissingNode()).isTrue();
    }
}
