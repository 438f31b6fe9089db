package dev.nova.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One piece of the agents' work behind an answer to a multi-step request, as it streamed while
 * they worked: the coordinator's plan, then each step's text. Kept with the stored answer so a
 * reopened thread shows what the person saw (folded under the answer).
 *
 * @param agentId      who did it ({@code coordinator}, {@code researcher}, ...)
 * @param title        the step's title ("Plan" for the coordinator's plan)
 * @param content      what the agent wrote (may be empty when it failed before writing)
 * @param finishReason how it ended: stop, length (cut at the length limit), error, cancelled
 * @param error        why it failed, when it did
 */
public record AgentWork(
        @JsonProperty("agent_id") String agentId,
        @JsonProperty("title") String title,
        @JsonProperty("content") String content,
        @JsonProperty("finish_reason") FinishReason finishReason,
        @JsonProperty("error") String error) {
    public AgentWork {
        Check.name("agent_id", agentId);
        Check.optionalShortText("title", title, 200);
        Check.text("content", content);
        Check.optionalNonEmptyText("error", error);
    }
}
