package dev.nova.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.server.llm.LlmSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a {@link ServerConfig}: defaults &lt; config file (JSON) &lt; {@code NOVA_*} environment
 * &lt; flags. Every layer uses the same keys: {@code host, port, data_dir, auth_timeout_s,
 * heartbeat_s, history_max_messages, history_max_age_days, llm_url, llm_api_key,
 * llm_first_byte_timeout_s, llm_idle_timeout_s, templates_dir}; in the environment they are upper
 * case with a {@code NOVA_} prefix ({@code NOVA_PORT}).
 */
public final class ConfigLoader {
    public static final Set<String> KEYS = Set.of("host", "port", "data_dir", "auth_timeout_s", "heartbeat_s",
            "history_max_messages", "history_max_age_days", "llm_url", "llm_api_key", "llm_first_byte_timeout_s",
            "llm_idle_timeout_s", "templates_dir");

    private ConfigLoader() {}

    /** {@code $XDG_CONFIG_HOME/nova/config.json}, or {@code ~/.config/nova/config.json}. */
    public static Path defaultConfigFile() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("nova").resolve("config.json");
    }

    public static ServerConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>(fromFile(configFile));
        fromEnv(env).forEach(values::put);
        flags.forEach((k, v) -> {
            if (v != null) {
                values.put(k, v);
            }
        });
        return apply(ServerConfig.defaults(), values);
    }

    static Map<String, String> fromFile(Path file) {
        if (file == null || !Files.exists(file)) {
            return Map.of();
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(file + ": must hold a JSON object");
            }
            Map<String, String> out = new LinkedHashMap<>();
            root.fields().forEachRemaining(f -> {
                if (KEYS.contains(f.getKey())) {
                    out.put(f.getKey(), f.getValue().asText());
                }
            });
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    static Map<String, String> fromEnv(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : KEYS) {
            String v = env.get("NOVA_" + key.toUpperCase(Locale.ROOT));
            if (v != null && !v.isBlank()) {
                out.put(key, v);
            }
        }
        return out;
    }

    private static LlmSettings llm(LlmSettings l, Map<String, String> v) {
        if (v.containsKey("llm_url")) {
            try {
                l = l.withBaseUrl(URI.create(v.get("llm_url")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("llm_url is not a URL: " + v.get("llm_url"));
            }
        }
        if (v.containsKey("llm_api_key")) {
            l = l.withApiKey(v.get("llm_api_key"));
        }
        Duration firstByte = v.containsKey("llm_first_byte_timeout_s")
                ? Duration.ofSeconds(Long.parseLong(v.get("llm_first_byte_timeout_s"))) : l.firstByteTimeout();
        Duration idle = v.containsKey("llm_idle_timeout_s")
                ? Duration.ofSeconds(Long.parseLong(v.get("llm_idle_timeout_s"))) : l.idleTimeout();
        return l.withTimeouts(firstByte, idle);
    }

    static ServerConfig apply(ServerConfig c, Map<String, String> v) {
        try {
            if (v.containsKey("host")) {
                c = c.withHost(v.get("host"));
            }
            if (v.containsKey("port")) {
                c = c.withPort(Integer.parseInt(v.get("port")));
            }
            if (v.containsKey("data_dir")) {
                c = c.withDataDir(Path.of(v.get("data_dir")));
            }
            if (v.containsKey("auth_timeout_s")) {
                c = c.withAuthTimeout(Duration.ofSeconds(Long.parseLong(v.get("auth_timeout_s"))));
            }
            if (v.containsKey("heartbeat_s")) {
                c = c.withHeartbeat(Duration.ofSeconds(Long.parseLong(v.get("heartbeat_s"))));
            }
            int maxMessages = v.containsKey("history_max_messages")
                    ? Integer.parseInt(v.get("history_max_messages")) : c.historyMaxMessages();
            Duration maxAge = v.containsKey("history_max_age_days")
                    ? Duration.ofDays(Long.parseLong(v.get("history_max_age_days"))) : c.historyMaxAge();
            c = c.withHistory(maxMessages, maxAge);
            if (v.containsKey("templates_dir")) {
                c = c.withTemplatesDir(Path.of(v.get("templates_dir")));
            }
            return c.withLlm(llm(c.llm(), v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + e.getMessage());
        }
    }
}
