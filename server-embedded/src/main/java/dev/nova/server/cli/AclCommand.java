package dev.nova.server.cli;

import dev.nova.protocol.Check;
import dev.nova.server.channel.Channels;
import dev.nova.server.store.Store;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code nova-server acl grant|revoke|list}: who may read and write a {@code private:} channel. */
@Command(name = "acl", mixinStandardHelpOptions = true, description = "Manage access to private: channels.",
        subcommands = {AclCommand.Grant.class, AclCommand.Revoke.class, AclCommand.ListReaders.class})
final class AclCommand {

    abstract static class Change implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", paramLabel = "CHANNEL", description = "A channel whose name starts with private:")
        String channel;

        @Parameters(index = "1", paramLabel = "IDENTITY", description = "The key name to let in or out.")
        String identity;

        @Override
        public Integer call() {
            if (!Check.isName(channel) || !channel.startsWith(Channels.PRIVATE_PREFIX) || !Check.isName(identity)) {
                System.err.println("nova-server: CHANNEL must be a private: channel name and IDENTITY a key name ("
                        + Check.NAME_RULE + ")");
                return 1;
            }
            try (Store store = options.openStore()) {
                apply(store);
                return 0;
            }
        }

        abstract void apply(Store store);
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Let IDENTITY read and write CHANNEL.")
    static final class Grant extends Change {
        @Override
        void apply(Store store) {
            store.acl().grant(channel, identity);
            System.out.println("granted " + identity + " on " + channel);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Take IDENTITY off CHANNEL's list.")
    static final class Revoke extends Change {
        @Override
        void apply(Store store) {
            store.acl().revoke(channel, identity);
            System.out.println("revoked " + identity + " on " + channel);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Who may read CHANNEL.")
    static final class ListReaders implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "CHANNEL")
        String channel;

        @Override
        public Integer call() {
            try (Store store = options.openStore()) {
                new TreeSet<>(store.acl().readers(channel)).forEach(System.out::println);
                return 0;
            }
        }
    }
}
