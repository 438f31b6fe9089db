package dev.nova.server.llm;

/**
 * A tool call the model asked for: its id, the function's name, and the arguments as the model
 * wrote them (JSON text, streamed in pieces and put together by index).
 */
public record ModelToolCall(String id, String name, String arguments) {}
