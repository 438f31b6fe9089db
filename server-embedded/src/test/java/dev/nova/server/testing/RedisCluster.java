package dev.nova.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster of three masters on free ports (no replicas, no persistence), made with
 * {@code redis-cli --cluster create}, shared by the test classes of one JVM and stopped with it.
 */
public final class RedisCluster {
    private static List<RedisProcess> nodes;

    private RedisCluster() {}

    /** {@code redis-cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3}, once the cluster says it is ok. */
    public static synchronized String url() {
        if (nodes == null) {
            nodes = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(RedisProcess::close), "redis-cluster-stop"));
        }
        List<String> seeds = nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList();
        return "redis-cluster://" + String.join(",", seeds);
    }

    /** A key prefix no other test uses. */
    public static String prefix() {
        return "c" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    private static List<RedisProcess> start() {
        List<RedisProcess> started = new ArrayList<>();
        try {
            Path root = Files.createTempDirectory("nova-redis-cluster");
            for (int i = 0; i < 3; i++) {
                started.add(RedisProcess.startClusterNode(root.resolve("n" + i)));
            }
            List<String> cmd = new ArrayList<>(List.of(Executables.find("redis-cli"), "--cluster", "create"));
            started.forEach(n -> cmd.add("127.0.0.1:" + n.port()));
            cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process create = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(root.resolve("create.log").toFile()).start();
            if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: "
                        + Files.readString(root.resolve("create.log")));
            }
            for (RedisProcess n : started) {
                Eventually.until("cluster_state:ok on " + n.port(), Duration.ofSeconds(30), () -> ok(n.port()));
            }
            return started;
        } catch (IOException e) {
            started.forEach(RedisProcess::close);
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.forEach(RedisProcess::close);
            throw new IllegalStateException(e);
        } catch (RuntimeException | Error e) {
            started.forEach(RedisProcess::close);
            throw e;
        }
    }

    private static boolean ok(int port) {
        try {
            Process p = new ProcessBuilder(Executables.find("redis-cli"), "-p", Integer.toString(port),
                    "cluster", "info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out.contains("cluster_state:ok");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
