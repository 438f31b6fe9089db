package dev.nova.server.llm;

import java.util.function.Consumer;

/**
 * Server-Sent Events, fed one line at a time (the HTTP client splits lines however the bytes
 * arrived on the wire): {@code data:} lines are joined into one event, dispatched at the blank line
 * that ends it. Comments ({@code :...}) and other fields ({@code event:}, {@code id:}) are ignored,
 * as LM Studio sends none.
 */
final class SseLines {
    private final Consumer<String> onEvent;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    SseLines(Consumer<String> onEvent) {
        this.onEvent = onEvent;
    }

    void line(String line) {
        if (line.isEmpty()) {
            flush();
            return;
        }
        if (line.startsWith("data:")) {
            String value = line.length() > 5 && line.charAt(5) == ' ' ? line.substring(6) : line.substring(5);
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
    }

    /** Dispatches an event the stream ended without its blank line. */
    void flush() {
        if (hasData) {
            String event = data.toString();
            data.setLength(0);
            hasData = false;
            onEvent.accept(event);
        }
    }
}
