package dev.nova.desktop.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nova.desktop.chat.ThreadExport;
import dev.nova.protocol.ClientMessage;
import dev.nova.protocol.ClientMessage.ThreadImport.Imported;
import dev.nova.protocol.Envelope;
import dev.nova.protocol.ProtocolCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportFileTest {
    /**
     * A ChatGPT data export's conversations.json, shaped as the export writes it: a mapping of
     * nodes with parent and children, the user's edit making a second branch under the root, the
     * shown branch ending at current_node, a hidden system message and an image-only message.
     */
    static final String CHATGPT = """
            [{
              "title": "Trip to Lisbon",
              "create_time": 1714555800.123,
              "update_time": 1714556000.5,
              "conversation_id": "6f1c2a9e-1111-4c1e-9a55-aaaaaaaaaaaa",
              "current_node": "n5",
              "mapping": {
                "root": {"id": "root", "message": null, "parent": null, "children": ["n0"]},
                "n0": {"id": "n0", "parent": "root", "children": ["n1", "n3"], "message": {"id": "n0",
                  "author": {"role": "system"}, "create_time": null,
                  "content": {"content_type": "text", "parts": [""]},
                  "metadata": {"is_visually_hidden_from_conversation": true}}},
                "n1": {"id": "n1", "parent": "n0", "children": ["n2"], "message": {"id": "n1",
                  "author": {"role": "user"}, "create_time": 1714555800.5,
                  "content": {"content_type": "text", "parts": ["Plan two days in Lisbon"]}, "metadata": {}}},
                "n2": {"id": "n2", "parent": "n1", "children": [], "message": {"id": "n2",
                  "author": {"role": "assistant"}, "create_time": 1714555810.0,
                  "content": {"content_type": "text", "parts": ["Day 1..."]}, "metadata": {"model_slug": "gpt-4o"}}},
                "n3": {"id": "n3", "parent": "n0", "children": ["n4"], "message": {"id": "n3",
                  "author": {"role": "user"}, "create_time": 1714555900.0,
                  "content": {"content_type": "text", "parts": ["Plan three days in Lisbon"]}, "metadata": {}}},
                "n4": {"id": "n4", "parent": "n3", "children": ["n5"], "message": {"id": "n4",
                  "author": {"role": "assistant"}, "create_time": 1714555912.25,
                  "content": {"content_type": "text", "parts": ["Day 1: Alfama.", "Day 2: Belém."]},
                  "metadata": {"model_slug": "gpt-4o"}}},
                "n5": {"id": "n5", "parent": "n4", "children": [], "message": {"id": "n5",
                  "author": {"role": "user"}, "create_time": 1714555990.0,
                  "content": {"content_type": "multimodal_text", "parts": [{"content_type": "image_asset_pointer"}]},
                  "metadata": {}}}
              }
            },
            {"title": "Empty", "conversation_id": "e", "current_node": "r", "mapping": {"r": {"id": "r", "message": null, "parent": null, "children": []}}}]
            """;

    @Test
    void aChatGptExportGivesTheBranchShownLastWithItsTimesAndModel() {
        List<ImportFile.Conversation> found = ImportFile.read(CHATGPT);
        assertThat(found).hasSize(1); // the empty conversation is left out
        ImportFile.Conversation c = found.get(0);
        assertThat(c.title()).isEqualTo("Trip to Lisbon");
        assertThat(c.threadId()).startsWith("imp-");
        assertThat(c.messages()).extracting(Imported::role, Imported::content).containsExactly(
                org.assertj.core.groups.Tuple.tuple("user", "Plan three days in Lisbon"),
                org.assertj.core.groups.Tuple.tuple("assistant", "Day 1: Alfama.\n\nDay 2: Belém."));
        assertThat(c.messages().get(1).model()).isEqualTo("gpt-4o");
        assertThat(c.messages().get(1).createdAt()).isEqualTo("2024-05-01T09:31:52.250Z");
        assertThat(ImportFile.read(CHATGPT).get(0)).as("the same file gives the same ids").isEqualTo(c);
    }

    @Test
    void aNovaExportComesBackAsItWasExported() {
        dev.nova.desktop.chat.ChatViewModel vm = new dev.nova.desktop.chat.ChatViewModel((ch, m) -> { }, "assistant");
        vm.received(dev.nova.protocol.ServerMessage.ChatMessage.of("What is a B-tree?", "assistant", "m-1", 1, "ada", null));
        vm.received(new dev.nova.protocol.ServerMessage.ChatMessage("A balanced tree.", "assistant", "m-2", 2L, "assistant",
                null, true, null, "qwen2.5-7b", dev.nova.protocol.FinishReason.STOP, null));
        vm.flush();
        String json = ThreadExport.json("B-trees", vm.messages());
        ImportFile.Conversation c = ImportFile.read(json).get(0);
        assertThat(c.title()).isEqualTo("B-trees");
        assertThat(c.messages()).extracting(Imported::role, Imported::content, Imported::model).containsExactly(
                org.assertj.core.groups.Tuple.tuple("user", "What is a B-tree?", null),
                org.assertj.core.groups.Tuple.tuple("assistant", "A balanced tree.", "qwen2.5-7b"));
    }

    @Test
    void aLongThreadGoesInFramesThatEachFitAndAHugeMessageIsCut() {
        List<Imported> many = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            many.add(new Imported(i % 2 == 0 ? "user" : "assistant", "message " + i, "imp-m" + i, null, null));
        }
        many.add(new Imported("assistant", ImportFile.fitted("ü\"".repeat(60_000)), "imp-big", null, null));
        ImportFile.Conversation c = new ImportFile.Conversation("imp-long", "Long", many, 1);
        List<ClientMessage.ThreadImport> frames = ImportFile.frames(c);
        assertThat(frames).extracting(f -> f.messages().size()).containsExactly(200, 200, 51);
        assertThat(frames).extracting(ClientMessage.ThreadImport::title).containsExactly("Long", null, null);
        assertThat(ImportFile.encodedBytes(many.get(450).content())).isLessThanOrEqualTo(ImportFile.MAX_ENCODED_BYTES);
        for (ClientMessage.ThreadImport f : frames) {
            int bytes = ProtocolCodec.forClient().encodeBytes(new Envelope<>(null, null, null, f)).length;
            assertThat(bytes).as("a frame the server takes").isLessThanOrEqualTo(ProtocolCodec.MAX_FRAME_BYTES);
        }
        assertThat(frames.get(2).messages().get(50).content()).endsWith("[cut at import: the message was longer than one frame holds]");
        assertThat(ImportFile.fitted("short")).isEqualTo("short");
    }

    @Test
    void anythingElseIsRefusedSayingWhatItIsNot() {
        assertThatThrownBy(() -> ImportFile.read("{nope")).hasMessageStartingWith("This file is not JSON");
        assertThatThrownBy(() -> ImportFile.read("{\"a\":1}")).hasMessageContaining("neither a ChatGPT export");
        assertThatThrownBy(() -> ImportFile.read("[{\"a\":1}]")).hasMessageContaining("not a ChatGPT export");
    }
}
