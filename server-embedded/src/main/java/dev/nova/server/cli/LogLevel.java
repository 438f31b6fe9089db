package dev.nova.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * How much the command line logs to stderr: {@code serve} all it does (INFO); the one-shot
 * commands ({@code keys}, {@code acl}, ...) only warnings and errors, so what they print stands
 * alone, unless {@code --verbose}. {@code NOVA_LOG_LEVEL} set by the operator always wins.
 */
final class LogLevel {
    private LogLevel() {}

    static void quiet() {
        if (System.getenv("NOVA_LOG_LEVEL") == null) {
            set(Level.WARN);
        }
    }

    static void verbose() {
        set(Level.INFO);
    }

    private static void set(Level level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) { // another backend: its own settings
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level);
        }
    }
}
