package dev.nova.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Jackson 2 does not read sealed {@code permits}: the explicit registry must list exactly them. */
class MessageRegistryTest {
    @Test
    void clientRegistryListsExactlyThePermittedRecords() {
        assertThat(new HashSet<>(MessageTypes.CLIENT.all().values()))
                .isEqualTo(permitted(ClientMessage.class));
    }

    @Test
    void serverRegistryListsExactlyThePermittedRecords() {
        assertThat(new HashSet<>(MessageTypes.SERVER.all().values()))
                .isEqualTo(permitted(ServerMessage.class));
    }

    @Test
    void everyMessageIsARecordWithASnakeCaseTypeName() {
        for (MessageTypes<?> types : new MessageTypes<?>[] {MessageTypes.CLIENT, MessageTypes.SERVER}) {
            types.all().forEach((name, type) -> {
                assertThat(type.isRecord()).as(type.getName()).isTrue();
                assertThat(name).matches("[a-z]+(_[a-z]+)*");
            });
        }
    }

    @Test
    void bothDirectionsShareTheNamesThePrototcolGivesBoth() {
        Set<String> both = new HashSet<>(MessageTypes.CLIENT.all().keySet());
        both.retainAll(MessageTypes.SERVER.all().keySet());
        assertThat(both).containsExactlyInAnyOrder("chat_message", "history", "task_update", "agent_status",
                "threads", "thread_update", "search", "models", "thread_import", "message_delete", "tools");
    }

    private static Set<Class<?>> permitted(Class<?> sealed) {
        return new HashSet<>(Arrays.asList(sealed.getPermittedSubclasses()));
    }
}
