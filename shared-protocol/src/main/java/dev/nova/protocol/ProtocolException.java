package dev.nova.protocol;

import java.util.Objects;

/**
 * The one exception the codec throws: a frame or a message value broke the protocol.
 * It carries the protocol {@link ErrorCode} to answer with, and a message a person can act on,
 * such as {@code data.channel: must be a string of 1-128 [A-Za-z0-9_.:-]}.
 *
 * <p>Hostile input makes these often, so no stack trace is captured.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String path;
    private final String problem;

    public ProtocolException(ErrorCode code, String path, String problem) {
        super(path == null || path.isEmpty() ? problem : path + ": " + problem, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.path = path == null ? "" : path;
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public ProtocolException(ErrorCode code, String problem) {
        this(code, "", problem);
    }

    public ErrorCode code() {
        return code;
    }

    /** Where in the frame the problem is, e.g. {@code data.since.offset}; empty for the whole frame. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }

    /** The same problem, located under {@code prefix} (e.g. {@code data}). */
    public ProtocolException under(String prefix) {
        String full = path.isEmpty() ? prefix : path.startsWith("[") ? prefix + path : prefix + "." + path;
        return new ProtocolException(code, full, problem);
    }
}
