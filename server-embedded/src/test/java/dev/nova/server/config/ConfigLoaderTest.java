package dev.nova.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsApplyWhenNothingElseIsGiven() {
        ServerConfig c = ConfigLoader.load(dir.resolve("absent.json"), Map.of(), Map.of());
        assertThat(c).isEqualTo(ServerConfig.defaults());
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8000);
    }

    @Test
    void fileThenEnvironmentThenFlagsEachOverrideTheOneBefore() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"host\":\"0.0.0.0\",\"port\":9000,\"heartbeat_s\":7,\"retention_max_messages\":5,"
                + "\"unrelated\":true}");
        Map<String, String> env = Map.of("NOVA_PORT", "9100", "NOVA_DATA_DIR", "/srv/nova", "HOME", "/root");
        Map<String, String> flags = Map.of("port", "9200");
        ServerConfig c = ConfigLoader.load(file, env, flags);
        assertThat(c.host()).isEqualTo("0.0.0.0");          // file
        assertThat(c.heartbeat()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.retention()).isEqualTo(new RetentionRule(5, null));
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/nova")); // environment
        assertThat(c.port()).isEqualTo(9200);               // flag beats both
        assertThat(ConfigLoader.load(file, env, Map.of()).port()).isEqualTo(9100);
        assertThat(ConfigLoader.load(file, Map.of(), Map.of()).port()).isEqualTo(9000);
    }

    @Test
    void byDefaultNothingIsTrimmedAndTheRetiredHistoryKeysTrimNothingEither() throws Exception {
        assertThat(ServerConfig.defaults().retention().keepsAll()).isTrue();
        Path file = dir.resolve("old.json");
        Files.writeString(file, "{\"history_max_messages\":1000,\"history_max_age_days\":30}");
        ServerConfig c = ConfigLoader.load(file, Map.of("NOVA_HISTORY_MAX_MESSAGES", "10"), Map.of());
        assertThat(c.retention()).as("an earlier version's defaults, copied into a config, delete nothing")
                .isEqualTo(RetentionRule.KEEP_ALL);
    }

    @Test
    void retentionForChannelsIsCountAndOrAgeAndZeroMeansNoBound() {
        Path absent = dir.resolve("absent.json");
        ServerConfig both = ConfigLoader.load(absent, Map.of("NOVA_RETENTION_MAX_MESSAGES", "100",
                "NOVA_RETENTION_MAX_AGE_DAYS", "90", "NOVA_RETENTION_SWEEP_S", "300"), Map.of());
        assertThat(both.retention()).isEqualTo(new RetentionRule(100, Duration.ofDays(90)));
        assertThat(both.retention().describe()).isEqualTo("the newest 100 messages, at most 90 days old");
        assertThat(both.retentionSweep()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigLoader.load(absent, Map.of(), Map.of("retention_max_age_days", "7")).retention())
                .isEqualTo(new RetentionRule(null, Duration.ofDays(7)));
        assertThat(ConfigLoader.load(absent, Map.of(), Map.of("retention_max_messages", "0")).retention().keepsAll())
                .isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(absent, Map.of(),
                Map.of("retention_max_messages", "-1"))).hasMessageContaining("retention_max_messages");
    }

    @Test
    void aContextLengthForServersThatDoNotSayComesFromTheEnvironmentAndMustBeTokens() {
        assertThat(ConfigLoader.load(dir.resolve("absent.json"), Map.of(), Map.of()).llm().contextLength()).isNull();
        assertThat(ConfigLoader.load(dir.resolve("absent.json"), Map.of("NOVA_LLM_CONTEXT_LENGTH", "8192"), Map.of())
                .llm().contextLength()).isEqualTo(8192);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.json"),
                Map.of("NOVA_LLM_CONTEXT_LENGTH", "3"), Map.of())).hasMessageContaining("llm_context_length");
    }

    @Test
    void badValuesAreExplained() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"port\": ");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of())).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("NOVA_PORT", "eighty"), Map.of()))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("port", "70000")))
                .hasMessageContaining("port must be 0-65535");
    }

    @Test
    void theLmStudioTokenNeverShowsInTheConfigsText() {
        ServerConfig c = ConfigLoader.load(null, Map.of("NOVA_LLM_API_KEY", "lm-secret-token"), Map.of());
        assertThat(c.llm().apiKey()).isEqualTo("lm-secret-token");
        assertThat(c.toString()).doesNotContain("lm-secret-token");
    }

    @Test
    void limitsTlsAndOriginsComeFromEveryLayerToo() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"max_subscriptions\":7,\"allowed_origins\":[\"https://a.example\",\"https://b.example\"],"
                + "\"tls_keystore\":\"/etc/nova/server.p12\"}");
        Map<String, String> env = Map.of("NOVA_RATE_LIMIT_PER_S", "20", "NOVA_TLS_KEYSTORE_PASSWORD", "s3cret",
                "NOVA_SEND_QUEUE_BYTES", "65536");
        ServerConfig c = ConfigLoader.load(file, env, Map.of("max_connections", "500"));
        assertThat(c.limits().subscriptionsPerConnection()).isEqualTo(7);
        assertThat(c.limits().messagesPerSecond()).isEqualTo(20);
        assertThat(c.limits().burst()).isEqualTo(Limits.defaults().burst());
        assertThat(c.limits().sendQueueBytes()).isEqualTo(65536);
        assertThat(c.limits().connections()).isEqualTo(500);
        assertThat(c.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(c.tls().keystore()).isEqualTo(Path.of("/etc/nova/server.p12"));
        assertThat(c.tls().keystorePassword()).isEqualTo("s3cret");
        assertThat(c.toString()).as("the keystore password never shows").doesNotContain("s3cret");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("tls_cert", "/c.pem")))
                .hasMessageContaining("tls_cert and tls_key go together");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("max_subscriptions", "0")))
                .hasMessageContaining("max_subscriptions must be at least 1");
    }
}
