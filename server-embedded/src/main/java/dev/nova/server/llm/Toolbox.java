package dev.nova.server.llm;

import dev.nova.protocol.ToolUse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The tools one answer may use, and how a call the model asks for is carried out (asking a
 * person first where the tool's policy says so). The tools feature provides it; the answer's
 * rounds ({@link ToolRounds}) use it.
 */
public interface Toolbox {

    /** What the model is offered. */
    List<ToolSpec> specs();

    /**
     * Carries out one call: approval where needed, then the tool. Completes with what the model
     * is told - the result, or why there is none (denied, failed, timed out) - never exceptionally.
     */
    CompletableFuture<String> call(ModelToolCall call);

    /** Every call made so far, in the order asked, as it stands. */
    List<ToolUse> uses();

    /** The answer was stopped: calls waiting for a person or still running are given up. */
    void abandon();
}
