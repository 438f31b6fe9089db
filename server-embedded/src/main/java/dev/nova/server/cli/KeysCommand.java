package dev.nova.server.cli;

import dev.nova.server.auth.ApiKeys;
import dev.nova.server.identity.Role;
import dev.nova.server.store.KeyStore.StoredKey;
import dev.nova.server.store.StoreException;
import dev.nova.server.store.Store;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nova-server keys create|list|revoke}: works on the data directory, server running or not. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a key and print it, alone on one line. It is shown only this once.",
                    "With --count N: N keys named NAME-1 .. NAME-N, one 'NAME-i KEY' line each."})
    static final class Create implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--name", required = true, description = "Identity the key authenticates as.")
        String name;

        @Option(names = "--role", defaultValue = "user", description = "user, agent or admin (default user).")
        String role;

        @Option(names = "--count", paramLabel = "N", description = "Create N keys at once (provisioning, load tests).")
        Integer count;

        @Override
        public Integer call() {
            try (Store store = options.openStore()) {
                ApiKeys keys = new ApiKeys(store.keys(), Clock.systemUTC());
                Role r = Role.parse(role);
                if (count == null) {
                    System.out.println(keys.create(name, r));
                    return 0;
                }
                if (count < 1 || count > 1_000_000) {
                    throw new IllegalArgumentException("--count must be 1-1000000");
                }
                StringBuilder out = new StringBuilder();
                for (int i = 1; i <= count; i++) {
                    String n = name + "-" + i;
                    out.append(n).append(' ').append(keys.create(n, r)).append('\n');
                }
                System.out.print(out);
                return 0;
            } catch (IllegalArgumentException | StoreException e) {
                System.err.println("nova-server: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (names and roles, never the keys).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            try (Store store = options.openStore()) {
                System.out.printf("%-32s %-6s %-24s %s%n", "NAME", "ROLE", "CREATED", "STATUS");
                for (StoredKey k : new ApiKeys(store.keys(), Clock.systemUTC()).list()) {
                    System.out.printf("%-32s %-6s %-24s %s%n", k.name(), k.role(), k.createdAt(),
                            k.active() ? "active" : "revoked " + k.revokedAt());
                }
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a key; a running server closes its connections within seconds.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Store store = options.openStore()) {
                if (!new ApiKeys(store.keys(), Clock.systemUTC()).revoke(name)) {
                    System.err.println("nova-server: no active key named '" + name + "'");
                    return 1;
                }
                System.out.println("revoked " + name);
                return 0;
            }
        }
    }
}
