package dev.nova.desktop.net;

/** The last offset a client saw in a channel, in that channel's epoch: what to recover from. */
public record ChannelCursor(long offset, String epoch) {}
