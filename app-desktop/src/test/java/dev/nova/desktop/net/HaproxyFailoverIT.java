package dev.nova.desktop.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.protocol.ServerMessage;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.server.identity.Role;
import dev.nova.server.testing.ChildServer;
import dev.nova.server.testing.Eventually;
import dev.nova.server.testing.Executables;
import dev.nova.server.testing.RedisTeam;
import dev.nova.server.testing.TestServer;
import dev.nova.server.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repo's HAProxy configuration ({@code server-embedded/deploy/haproxy.cfg}) in front of two
 * real {@code nova-server serve --redis} processes. The desktop's own {@link NovaClient},
 * connected through HAProxy, stays with the channel while its node is killed with SIGKILL: it
 * reconnects through HAProxy to the other node and sees every message once, in order.
 */
class HaproxyFailoverIT {
    private static final Path CONFIG = Path.of("../server-embedded/deploy/haproxy.cfg").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aDesktopBehindHaproxySeesEveryMessageOnceThroughANodeKill() throws Exception {
        String haproxy = Executables.find("haproxy");
        if (haproxy == null) {
            if ("1".equals(System.getenv("NOVA_REQUIRE_HAPROXY"))) {
                throw new IllegalStateException("haproxy is not on the PATH (apt-get install haproxy)");
            }
            Assumptions.abort("haproxy is not installed: the HAProxy failover test is skipped");
        }
        RedisTeam team = RedisTeam.create(dir);
        String readerKey = team.key("reader", Role.USER);
        String publisherKey = team.key("publisher", Role.USER);
        int front = TestServer.unusedPort();
        try (ChildServer one = team.node(dir.resolve("one"));
             ChildServer two = team.node(dir.resolve("two"))) {
            ProcessBuilder pb = new ProcessBuilder(haproxy, "-db", "-f", CONFIG.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile());
            pb.environment().put("NOVA_LISTEN", "127.0.0.1:" + front);
            pb.environment().put("NOVA_NODE1", "127.0.0.1:" + one.port());
            pb.environment().put("NOVA_NODE2", "127.0.0.1:" + two.port());
            Process proxy = pb.start();
            try {
                Eventually.until("HAProxy forwards /health", Duration.ofSeconds(20), () -> status(front, "/health") == 200);
                List<Long> seen = new CopyOnWriteArrayList<>();
                try (NovaClient desktop = new NovaClient(URI.create("ws://127.0.0.1:" + front + "/ws"), readerKey)) {
                    desktop.on(ChatMessage.class, e -> {
                        if ("news".equals(e.channel())) {
                            seen.add(e.data().offset());
                        }
                    });
                    List<Boolean> subscribed = new CopyOnWriteArrayList<>();
                    desktop.on(ServerMessage.SubscriptionSuccess.class, e -> subscribed.add(true));
                    desktop.subscribe("news");
                    desktop.connect();
                    Eventually.until("the desktop joined news", Duration.ofSeconds(20), () -> !subscribed.isEmpty());

                    // The node HAProxy gave the desktop dies; the publisher is on the other one.
                    boolean onOne = authenticated(one) == 1;
                    ChildServer victim = onOne ? one : two;
                    ChildServer survivor = onOne ? two : one;
                    assertThat(authenticated(victim)).as("the desktop is on exactly one node").isEqualTo(1);
                    try (WsTestClient publisher = survivor.login("publisher", publisherKey)) {
                        publisher.post("news", "m", 1, 20);
                        Eventually.until("the first 20 arrive", Duration.ofSeconds(20), () -> seen.size() >= 20);
                        victim.kill();
                        publisher.post("news", "m", 21, 60); // while the desktop finds its way to the other node
                        Eventually.until("all 60 arrive", Duration.ofSeconds(30), () -> seen.size() >= 60);
                        publisher.post("news", "m", 61, 61);
                        Eventually.until("and the next one", Duration.ofSeconds(10), () -> seen.size() >= 61);
                    }
                    assertThat(seen).as("every message once, in order")
                            .containsExactlyElementsOf(LongStream.rangeClosed(1, 61).boxed().toList());
                    assertThat(desktop.state()).isEqualTo(ConnectionState.CONNECTED);
                    assertThat(authenticated(survivor)).as("the desktop is on the other node now").isEqualTo(1);
                }
            } finally {
                proxy.destroyForcibly();
                proxy.waitFor();
            }
        }
    }

    /** The node's {@code nova_connections_authenticated} gauge. */
    private static int authenticated(ChildServer node) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("nova_connections_authenticated"))
                .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static int status(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
