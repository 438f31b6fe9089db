package dev.nova.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One redis-server for every Redis test of this JVM that does not stop it (outage tests start a
 * {@link RedisProcess} of their own); tests keep apart by key prefix.
 */
public final class SharedRedis {
    private static RedisProcess redis;

    private SharedRedis() {}

    public static synchronized String url() {
        if (redis == null) {
            try {
                RedisProcess r = RedisProcess.start(Files.createTempDirectory("nova-redis"));
                Runtime.getRuntime().addShutdownHook(new Thread(r::close, "redis-stop"));
                redis = r;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return redis.url();
    }

    /** A key prefix no other test uses. */
    public static String prefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }
}
