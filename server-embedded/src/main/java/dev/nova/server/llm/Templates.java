package dev.nova.server.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.ErrorCode;
import dev.nova.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prompt templates: a system prompt, a line {@code ---}, then the user prompt with placeholders
 * {@code {{content}}}, {@code {{metadata}}} (the whole object as JSON) and
 * {@code {{metadata.KEY}}} ({@code {{metadata.KEY|prefix}}} puts {@code prefix} before the value
 * when there is one). Built-in templates ship in the jar; a file {@code NAME.prompt} in the
 * templates folder ({@code ~/.config/nova/templates}) overrides or adds one.
 */
public final class Templates {
    public static final List<String> BUILT_IN = List.of("parsing_analysis", "summarize", "explain_code", "plan", "chat",
            "agent_coordinator", "agent_researcher", "agent_writer");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(content|metadata)(?:\\.([A-Za-z0-9_]+))?(?:\\|([^}]*))?}}");
    private static final String SEPARATOR = "\n---\n";

    private final Path overrides;

    public Templates(Path overrides) {
        this.overrides = overrides;
    }

    /** Every template name: the built-in ones and those in the templates folder. */
    public TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>(BUILT_IN);
        if (overrides != null && Files.isDirectory(overrides)) {
            try (var files = Files.list(overrides)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".prompt"))
                        .map(n -> n.substring(0, n.length() - ".prompt".length())).forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** The system and user turns for {@code content}; {@code invalid_message} for an unknown template. */
    public List<ChatTurn> render(String name, String content, Map<String, Object> metadata) {
        String text = load(name);
        int cut = text.indexOf(SEPARATOR);
        String system = cut < 0 ? "" : text.substring(0, cut).strip();
        String user = cut < 0 ? text : text.substring(cut + SEPARATOR.length());
        String prompt = fill(user, content, metadata).strip();
        return system.isEmpty() ? List.of(ChatTurn.user(prompt)) : List.of(ChatTurn.system(system), ChatTurn.user(prompt));
    }

    /** The system prompt of a template (the assistant's persona for chat). */
    public String systemPrompt(String name) {
        String text = load(name);
        int cut = text.indexOf(SEPARATOR);
        return cut < 0 ? "" : text.substring(0, cut).strip();
    }

    private String load(String name) {
        if (overrides != null && name.matches("[A-Za-z0-9_.-]+")) {
            Path file = overrides.resolve(name + ".prompt");
            if (Files.isRegularFile(file)) {
                try {
                    return normalize(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (BUILT_IN.contains(name)) {
            try (InputStream in = Templates.class.getResourceAsStream("templates/" + name + ".prompt")) {
                return normalize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "data.template",
                "unknown template '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    private static String normalize(String text) {
        return text.replace("\r\n", "\n");
    }

    private static String fill(String template, String content, Map<String, Object> metadata) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1).equals("content")) {
                value = content;
            } else if (m.group(2) == null) {
                value = json(metadata);
            } else {
                Object v = metadata.get(m.group(2));
                value = v == null ? "" : (m.group(3) == null ? "" : m.group(3)) + v;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String json(Map<String, Object> metadata) {
        try {
            return metadata.isEmpty() ? "(none)" : new ObjectMapper().writeValueAsString(metadata);
        } catch (IOException e) {
            return String.valueOf(metadata);
        }
    }
}
