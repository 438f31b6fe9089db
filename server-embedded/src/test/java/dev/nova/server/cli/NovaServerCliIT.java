package dev.nova.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.server.testing.Cli;
import dev.nova.server.testing.Cli.Run;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command line in a child JVM, with the production logging configuration. */
class NovaServerCliIT {
    @TempDir
    Path dir;

    private static Run cli(String... args) throws IOException, InterruptedException {
        return Cli.run(args);
    }

    @Test
    void keysCreatePrintsTheNewKeyAloneOnOneLineOfStdout() throws Exception {
        Run r = cli("keys", "create", "--name", "alice", "--role", "agent", "--data-dir", dir.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("nova_[A-Za-z0-9_-]{43}\n");
        String key = r.out().trim();
        assertThat(r.err()).doesNotContain(key);

        Run list = cli("keys", "list", "--data-dir", dir.toString());
        assertThat(list.out()).contains("alice", "agent", "active").doesNotContain(key);
    }

    @Test
    void aSecondActiveKeyOfTheSameNameIsRefusedUntilTheFirstIsRevoked() throws Exception {
        assertThat(cli("keys", "create", "--name", "bob", "--data-dir", dir.toString()).exit()).isZero();
        Run again = cli("keys", "create", "--name", "bob", "--data-dir", dir.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(cli("keys", "revoke", "bob", "--data-dir", dir.toString()).exit()).isZero();
        assertThat(cli("keys", "revoke", "bob", "--data-dir", dir.toString()).exit()).isEqualTo(1);
        assertThat(cli("keys", "create", "--name", "bob", "--data-dir", dir.toString()).exit()).isZero();
        assertThat(cli("keys", "list", "--data-dir", dir.toString()).out()).contains("revoked", "active");
    }

    @Test
    void aclGrantAndRevokeChangeWhoMayReadAPrivateChannel() throws Exception {
        String d = dir.toString();
        assertThat(cli("acl", "grant", "private:team", "alice", "--data-dir", d).exit()).isZero();
        assertThat(cli("acl", "grant", "private:team", "bob", "--data-dir", d).exit()).isZero();
        assertThat(cli("acl", "list", "private:team", "--data-dir", d).out()).isEqualTo("alice\nbob\n");
        assertThat(cli("acl", "revoke", "private:team", "alice", "--data-dir", d).exit()).isZero();
        assertThat(cli("acl", "list", "private:team", "--data-dir", d).out()).isEqualTo("bob\n");
        Run publicChannel = cli("acl", "grant", "general", "bob", "--data-dir", d);
        assertThat(publicChannel.exit()).isEqualTo(1);
        assertThat(publicChannel.err()).contains("private:");
    }

    @Test
    void oneShotCommandsPrintTheirOutputAloneAndLogOnlyWhenAskedTo() throws Exception {
        Run created = cli("keys", "create", "--name", "quiet", "--data-dir", dir.toString());
        // (the JVM's own "Picked up JAVA_TOOL_OPTIONS" notice may be there: it is not Nova's)
        assertThat(created.err()).as("no INFO lines about the store").doesNotContain("INFO", "store opened");
        Run list = cli("keys", "list", "--data-dir", dir.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).startsWith("NAME").contains("quiet").endsWith("\n");
        assertThat(list.err()).doesNotContain("INFO", "store opened");
        Run verbose = cli("keys", "list", "--verbose", "--data-dir", dir.toString());
        assertThat(verbose.out()).isEqualTo(list.out());
        assertThat(verbose.err()).contains("INFO", "store opened");
    }

    @Test
    void badArgumentsExplainThemselves() throws Exception {
        Run r = cli("keys", "create", "--name", "bob", "--role", "wizard", "--data-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("role must be user, agent or admin");
        Run missing = cli("keys", "create", "--data-dir", dir.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--name");
    }

    @Test
    void serveWritesARollingLogFileInTheDataDirectoryWithNoKeyAndNoMessageText() throws Exception {
        Run created = cli("keys", "create", "--name", "alice", "--data-dir", dir.toString());
        String key = created.out().trim();
        try (dev.nova.server.testing.ChildServer server = dev.nova.server.testing.ChildServer.serve(dir);
             dev.nova.server.testing.WsTestClient c = dev.nova.server.testing.WsTestClient.connect(
                     java.net.URI.create("ws://127.0.0.1:" + server.port() + "/ws"))) {
            c.send(dev.nova.server.testing.Frames.auth(key))
                    .next(dev.nova.protocol.ServerMessage.ConnectionSuccess.class);
            c.send(dev.nova.server.testing.Frames.chat("general", "the-secret-plan"))
                    .next(dev.nova.protocol.ServerMessage.ChatMessage.class);
            c.send("{\"type\":\"nope\",\"data\":{}}").next(dev.nova.protocol.ServerMessage.Error.class);
            server.stop();
        }
        Path log = dir.resolve("logs").resolve("nova-server.log");
        String text = java.nio.file.Files.readString(log);
        assertThat(text).contains("listening on", "authenticated as alice", "Nova server stopped");
        assertThat(text).doesNotContain(key, "the-secret-plan");
    }
}
