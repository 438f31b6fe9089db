package dev.nova.server.cli;

import dev.nova.protocol.Check;
import dev.nova.server.config.RetentionRule;
import dev.nova.server.config.ServerConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nova-server retention set|clear|list}: how much of a channel's history the server keeps.
 * Nothing is removed unless an operator sets a rule; a person's assistant threads never are.
 * Works beside a running server: its next sweep applies the change.
 */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = {"Set how much history a channel keeps. By default every channel keeps everything;",
                "a person's assistant threads are always kept until they delete them."},
        subcommands = {RetentionCommand.SetRule.class, RetentionCommand.Clear.class, RetentionCommand.ListRules.class})
final class RetentionCommand {

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Keep only the newest N messages of CHANNEL and/or none older than D days.",
                    "A running server removes the rest at its next sweep (retention_sweep_s).",
                    "Both 0: keep everything in CHANNEL, whatever the server's default."})
    static final class SetRule implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "CHANNEL")
        String channel;

        @Option(names = "--max-messages", paramLabel = "N", defaultValue = "0",
                description = "Keep at most the newest N messages (0: no count limit).")
        int maxMessages;

        @Option(names = "--max-age-days", paramLabel = "D", defaultValue = "0",
                description = "Remove messages older than D days (0: no age limit).")
        int maxAgeDays;

        @Override
        public Integer call() {
            if (!validChannel(channel)) {
                return 1;
            }
            if (maxMessages < 0 || maxAgeDays < 0) {
                System.err.println("nova-server: --max-messages and --max-age-days must be 0 or more");
                return 1;
            }
            RetentionRule rule = RetentionRule.of(maxMessages, maxAgeDays);
            return options.withStore(store -> {
                store.retention().set(channel, rule);
                System.out.println(channel + ": keeps " + rule.describe());
                return 0;
            });
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Remove CHANNEL's own rule: the server's default applies to it again.")
    static final class Clear implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "CHANNEL")
        String channel;

        @Override
        public Integer call() {
            if (!validChannel(channel)) {
                return 1;
            }
            return options.withStore(store -> {
                if (!store.retention().clear(channel)) {
                    System.err.println("nova-server: " + channel + " has no rule of its own");
                    return 1;
                }
                System.out.println(channel + ": the default applies (" + options.resolve(Map.of()).retention().describe()
                        + ")");
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The default for channels (from the config) and every channel's own rule.")
    static final class ListRules implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            ServerConfig config = options.resolve(Map.of());
            return options.withStore(store -> {
                StringBuilder out = new StringBuilder();
                out.append(String.format("%-32s %s%n", "CHANNEL", "KEEPS"));
                out.append(String.format("%-32s %s%n", "(default)", config.retention().describe()));
                new java.util.TreeMap<>(store.retention().rules()).forEach((name, rule) ->
                        out.append(String.format("%-32s %s%n", name, rule.describe())));
                out.append(String.format("%-32s %s%n", "(assistant threads)", "everything, always"));
                System.out.print(out);
                return 0;
            });
        }
    }

    private static boolean validChannel(String channel) {
        if (!Check.isName(channel) || channel.startsWith("@")) {
            System.err.println("nova-server: CHANNEL must be a channel name (" + Check.NAME_RULE + ")");
            return false;
        }
        return true;
    }

    private RetentionCommand() {}
}
