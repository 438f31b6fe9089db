package dev.nova.server.llm;

import dev.nova.protocol.ErrorCode;

/** LM Studio could not be used: {@code llm_unavailable} or {@code llm_error}, with a message for people. */
public final class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public LlmException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
