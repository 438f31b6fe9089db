package dev.nova.server.chat;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A question to the assistant that runs a prompt template: {@code /summarize <text>},
 * {@code /explain_code <text>}, {@code /parsing_analysis <text>}, or any template of the server's
 * templates folder by its name. The question is stored as written, so a reopened thread shows it
 * and its answer, and Regenerate runs the template again. {@code /plan} stays the agents' (the
 * coordinator's); {@code chat} and the agents' own templates are no commands.
 *
 * @param template the template's name
 * @param text     what it is run on
 */
record TemplateCommand(String template, String text) {
    private static final Pattern COMMAND = Pattern.compile("^/([A-Za-z0-9_.-]+)[ \\t]*(?:\\R|[ \\t])([\\s\\S]*)$");

    /** The command {@code content} is, or null when it is a plain question. */
    static TemplateCommand of(String content, Set<String> templates) {
        Matcher m = COMMAND.matcher(content.strip());
        if (!m.matches()) {
            return null;
        }
        String name = m.group(1);
        String text = m.group(2).strip();
        if (text.isEmpty() || name.equals("plan") || name.equals("chat") || name.startsWith("agent_")
                || !templates.contains(name)) {
            return null;
        }
        return new TemplateCommand(name, text);
    }
}
