package dev.nova.server.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nova.protocol.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The coordinator's plan: a few independent steps, read from the model's JSON answer. */
record Plan(List<Step> steps, boolean fallback) {
    static final int MAX_STEPS = 5;
    private static final Pattern LIST_ITEM = Pattern.compile("(?m)^\\s*(?:[-*]|\\d+[.)])\\s+\\S");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Step(String title, String type, String content) {}

    /**
     * Whether a request asks for more than one step, so the agents take it rather than a single
     * answer: it starts with {@code /plan}, mentions agents, steps or a plan, asks to research
     * and then write, or lists two or more items.
     */
    static boolean wanted(String request) {
        String s = request.toLowerCase(Locale.ROOT);
        if (s.startsWith("/plan") || s.contains("agents") || s.contains("multiple steps") || s.contains("step by step")
                || s.contains("research") && (s.contains("write") || s.contains("summar"))) {
            return true;
        }
        return LIST_ITEM.matcher(request).results().count() >= 2;
    }

    /**
     * The steps in the model's answer; one step doing the whole request when it is not a usable
     * plan. An answer cut short (at the length limit) still gives the steps it holds in full.
     */
    static Plan parse(String answer, String request) {
        List<Step> steps = new ArrayList<>();
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start >= 0 && end > start) {
            try {
                for (JsonNode n : JSON.readTree(answer.substring(start, end + 1)).path("steps")) {
                    add(steps, n);
                }
            } catch (java.io.IOException | RuntimeException e) {
                steps.clear();
            }
        }
        if (steps.isEmpty()) {
            for (String object : completeSteps(answer)) {
                try {
                    add(steps, JSON.readTree(object));
                } catch (java.io.IOException | RuntimeException e) {
                    // a step that does not read is left out; the others still count
                }
            }
        }
        if (steps.isEmpty()) {
            String body = request.startsWith("/plan") ? request.substring(5).strip() : request;
            return new Plan(List.of(new Step(shorten(body), "research", body)), true);
        }
        return new Plan(List.copyOf(steps), false);
    }

    private static void add(List<Step> steps, JsonNode n) {
        if (steps.size() == MAX_STEPS) {
            return;
        }
        String content = n.path("content").asText("").strip();
        String title = n.path("title").asText("").strip();
        String type = n.path("type").asText("research").strip().toLowerCase(Locale.ROOT);
        if (content.isEmpty() && title.isEmpty()) {
            return;
        }
        steps.add(new Step(title.isEmpty() ? shorten(content) : shorten(title),
                Check.isName(type) ? type : "research", content.isEmpty() ? title : content));
    }

    /**
     * The step objects that are whole in {@code answer}'s {@code "steps"} array, read even when
     * the answer stops in the middle of a later one (the model ran into the length limit).
     */
    static List<String> completeSteps(String answer) {
        List<String> objects = new ArrayList<>();
        int key = answer.indexOf("\"steps\"");
        int open = key < 0 ? -1 : answer.indexOf('[', key);
        if (open < 0) {
            return objects;
        }
        int depth = 0;
        int from = -1;
        boolean inString = false;
        boolean escaped = false;
        for (int i = open + 1; i < answer.length(); i++) {
            char ch = answer.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (ch == '\\') {
                    escaped = true;
                } else if (ch == '"') {
                    inString = false;
                }
            } else if (ch == '"') {
                inString = true;
            } else if (ch == '{' || ch == '[') {
                if (depth++ == 0) {
                    from = i;
                }
            } else if (ch == '}' || ch == ']') {
                if (depth == 0) {
                    break; // the end of the steps array
                }
                if (--depth == 0 && ch == '}') {
                    objects.add(answer.substring(from, i + 1));
                }
            }
        }
        return objects;
    }

    private static String shorten(String s) {
        String line = s.strip().lines().findFirst().orElse("Step");
        return line.length() <= 60 ? line : line.substring(0, 57) + "...";
    }
}
