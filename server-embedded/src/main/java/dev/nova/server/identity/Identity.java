package dev.nova.server.identity;

/** Who a connection authenticated as: the API key's name and role. */
public record Identity(String name, Role role) {}
