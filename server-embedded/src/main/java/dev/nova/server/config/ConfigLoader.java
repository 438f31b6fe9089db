package dev.nova.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.server.config.LlmSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a {@link ServerConfig}: defaults &lt; config file (JSON) &lt; {@code NOVA_*} environment
 * &lt; flags. Every layer uses the same keys ({@link #KEYS}); in the environment they are upper
 * case with a {@code NOVA_} prefix ({@code NOVA_PORT}). docs/OPERATIONS.md lists them all.
 */
public final class ConfigLoader {
    public static final Set<String> KEYS = Set.of("host", "port", "data_dir", "auth_timeout_s", "heartbeat_s",
            "retention_max_messages", "retention_max_age_days", "retention_sweep_s", "llm_url", "llm_api_key", "llm_first_byte_timeout_s", "llm_context_length",
            "llm_idle_timeout_s", "templates_dir", "send_queue_bytes", "rate_limit_per_s", "rate_limit_burst",
            "rate_limit_close_after", "max_subscriptions", "max_connections_per_identity",
            "max_unauthenticated_per_address", "max_connections", "tls_cert", "tls_key", "tls_keystore",
            "tls_keystore_password", "allowed_origins", "ws_compression", "writer_threads",
            "redis_url", "redis_prefix", "mcp_config", "tool_max_rounds", "tool_timeout_s", "tool_result_max_chars",
            "researcher_tools", "writer_tools");

    /**
     * Keys of earlier versions that bounded every stream's history, a person's assistant threads
     * included, by default. They are no longer applied: nothing is deleted unless an operator asks
     * for it with the retention keys, which only ever apply to channels.
     */
    static final Set<String> RETIRED = Set.of("history_max_messages", "history_max_age_days");
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

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
                if (RETIRED.contains(f.getKey())) {
                    log.warn("{}: '{}' is no longer used and nothing is trimmed because of it: Nova keeps all"
                            + " history unless retention_max_messages / retention_max_age_days (channels only) or"
                            + " 'nova-server retention set' say otherwise", file, f.getKey());
                }
                if (KEYS.contains(f.getKey())) {
                    JsonNode value = f.getValue();
                    if (value.isArray()) { // allowed_origins may be a list
                        List<String> items = new ArrayList<>();
                        value.forEach(item -> items.add(item.asText()));
                        out.put(f.getKey(), String.join(",", items));
                    } else {
                        out.put(f.getKey(), value.asText());
                    }
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
        for (String key : RETIRED) {
            if (env.containsKey("NOVA_" + key.toUpperCase(Locale.ROOT))) {
                log.warn("NOVA_{} is no longer used and nothing is trimmed because of it: Nova keeps all history"
                        + " unless NOVA_RETENTION_MAX_MESSAGES / NOVA_RETENTION_MAX_AGE_DAYS (channels only) say otherwise",
                        key.toUpperCase(Locale.ROOT));
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
        if (v.containsKey("llm_context_length")) {
            l = l.withContextLength(Integer.parseInt(v.get("llm_context_length").strip()));
        }
        return l.withTimeouts(firstByte, idle);
    }

    /** The channels' default rule: what the config gives, 0 or absent for no bound of that kind. */
    private static RetentionRule retention(RetentionRule r, Map<String, String> v) {
        Integer count = v.containsKey("retention_max_messages") ? Integer.valueOf(v.get("retention_max_messages").strip())
                : r.maxMessages();
        Integer days = v.containsKey("retention_max_age_days") ? Integer.valueOf(v.get("retention_max_age_days").strip())
                : r.maxAge() == null ? null : (int) r.maxAge().toDays();
        try {
            return RetentionRule.of(count, days);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("retention_max_messages and retention_max_age_days must be 0 (no bound)"
                    + " or more: " + e.getMessage());
        }
    }

    private static ToolSettings tools(ToolSettings t, Map<String, String> v) {
        if (v.containsKey("mcp_config")) {
            t = t.withMcpConfig(Path.of(v.get("mcp_config")));
        }
        for (String kind : List.of("researcher", "writer")) {
            String servers = v.get(kind + "_tools");
            if (servers != null) {
                t = t.withAgentTools(kind, java.util.Arrays.stream(servers.split(",")).map(String::strip)
                        .filter(x -> !x.isEmpty()).toList());
            }
        }
        return t.withBounds(intOr(v, "tool_max_rounds", t.maxRounds()),
                v.containsKey("tool_timeout_s") ? Duration.ofSeconds(Long.parseLong(v.get("tool_timeout_s")))
                        : t.callTimeout(), intOr(v, "tool_result_max_chars", t.maxResultChars()));
    }

    private static Limits limits(Limits l, Map<String, String> v) {
        if (v.containsKey("send_queue_bytes")) {
            l = l.withSendQueueBytes(Long.parseLong(v.get("send_queue_bytes")));
        }
        l = l.withRate(v.containsKey("rate_limit_per_s") ? Double.parseDouble(v.get("rate_limit_per_s")) : l.messagesPerSecond(),
                intOr(v, "rate_limit_burst", l.burst()), intOr(v, "rate_limit_close_after", l.refusedBeforeClose()));
        l = l.withSubscriptionsPerConnection(intOr(v, "max_subscriptions", l.subscriptionsPerConnection()));
        return l.withConnections(intOr(v, "max_connections_per_identity", l.connectionsPerIdentity()),
                intOr(v, "max_unauthenticated_per_address", l.unauthenticatedPerAddress()),
                intOr(v, "max_connections", l.connections()));
    }

    private static Tls tls(Tls t, Map<String, String> v) {
        if (!v.containsKey("tls_cert") && !v.containsKey("tls_key") && !v.containsKey("tls_keystore")) {
            return t;
        }
        return new Tls(path(v, "tls_cert"), path(v, "tls_key"), path(v, "tls_keystore"),
                v.getOrDefault("tls_keystore_password", ""));
    }

    private static Path path(Map<String, String> v, String key) {
        String s = v.get(key);
        return s == null || s.isBlank() ? null : Path.of(s);
    }

    private static int intOr(Map<String, String> v, String key, int fallback) {
        return v.containsKey(key) ? Integer.parseInt(v.get(key)) : fallback;
    }

    private static boolean bool(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, not " + value);
        };
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
            c = c.withRetention(retention(c.retention(), v), v.containsKey("retention_sweep_s")
                    ? Duration.ofSeconds(Long.parseLong(v.get("retention_sweep_s"))) : c.retentionSweep());
            if (v.containsKey("templates_dir")) {
                c = c.withTemplatesDir(Path.of(v.get("templates_dir")));
            }
            c = c.withLimits(limits(c.limits(), v)).withTls(tls(c.tls(), v));
            if (v.containsKey("allowed_origins")) {
                c = c.withAllowedOrigins(Arrays.stream(v.get("allowed_origins").split(","))
                        .map(String::trim).filter(o -> !o.isEmpty()).toList());
            }
            if (v.containsKey("writer_threads")) {
                c = c.withWriterThreads(Integer.parseInt(v.get("writer_threads")));
            }
            if (v.containsKey("ws_compression")) {
                c = c.withCompression(bool("ws_compression", v.get("ws_compression")));
            }
            if (v.containsKey("redis_url") || v.containsKey("redis_prefix")) {
                String url = v.getOrDefault("redis_url", c.redis().url());
                c = c.withRedis(new ServerConfig.Redis(url == null || url.isBlank() ? null : url,
                        v.getOrDefault("redis_prefix", c.redis().prefix())));
            }
            return c.withLlm(llm(c.llm(), v)).withTools(tools(c.tools(), v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + e.getMessage());
        }
    }
}
