package dev.nova.server.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} of the test's own, on a free port, without persistence, as a child
 * process: stopped and started again for outage tests. Without a redis-server on the PATH the
 * test is skipped, unless {@code NOVA_REQUIRE_REDIS=1} ({@code .ci/run} sets it) makes that a failure.
 */
public final class RedisProcess implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final boolean durable;
    private final List<String> extra;
    private Process process;

    private RedisProcess(int port, Path dir, boolean durable, List<String> extra) {
        this.port = port;
        this.dir = dir;
        this.durable = durable;
        this.extra = extra;
    }

    public static RedisProcess start(Path dir) {
        return start(dir, false);
    }

    /**
     * {@code durable}: with an append-only file written on every command ({@code appendfsync
     * always}), so a server killed and started again has everything it acknowledged.
     */
    public static RedisProcess start(Path dir, boolean durable) {
        return start(dir, durable, List.of());
    }

    /** One node of a Redis Cluster (no persistence); {@link RedisCluster} joins such nodes. */
    static RedisProcess startClusterNode(Path dir) {
        return start(dir, false, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "2000"));
    }

    private static RedisProcess start(Path dir, boolean durable, List<String> extra) {
        String binary = Executables.find("redis-server");
        if (binary == null) {
            if ("1".equals(System.getenv("NOVA_REQUIRE_REDIS"))) {
                throw new IllegalStateException("redis-server is not on the PATH (apt-get install redis-server)");
            }
            Assumptions.abort("redis-server is not installed: the Redis tests are skipped");
        }
        RedisProcess r = new RedisProcess(TestServer.unusedPort(), dir, durable, extra);
        r.startAgain();
        return r;
    }

    /** Starts the server (again, on the same port: empty, or with its append-only file when durable). */
    public void startAgain() {
        try {
            Files.createDirectories(dir);
            List<String> cmd = new java.util.ArrayList<>(List.of(Executables.find("redis-server"), "--port",
                    Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", durable ? "yes" : "no",
                    "--appendfsync", "always", "--dir", dir.toString()));
            cmd.addAll(extra);
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis-server exited; see " + dir.resolve("redis.log"));
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // polls the port until the deadline
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
    }

    /** Kills the server at once (SIGKILL): what it held is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
    }
}
