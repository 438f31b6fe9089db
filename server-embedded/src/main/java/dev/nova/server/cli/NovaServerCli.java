package dev.nova.server.cli;

import dev.nova.server.config.ServerInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nova-server}: run a Nova server alone, and manage its API keys. */
@Command(name = "nova-server", mixinStandardHelpOptions = true, versionProvider = NovaServerCli.Version.class,
        description = "Runs a Nova server headless and manages its API keys, access lists, retention and backups.",
        subcommands = {ServeCommand.class, KeysCommand.class, AclCommand.class, RetentionCommand.class,
                BackupCommand.Backup.class, BackupCommand.Restore.class})
public final class NovaServerCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            LogLevel.quiet(); // what a one-shot command prints stands alone on the terminal
        }
        return new CommandLine(new NovaServerCli()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"nova-server " + ServerInfo.version()};
        }
    }
}
