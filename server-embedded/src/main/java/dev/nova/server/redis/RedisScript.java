package dev.nova.server.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One of the Lua scripts beside this class, run by its SHA ({@code EVALSHA}) and loaded again when
 * Redis forgot it (a restart, a failover).
 */
final class RedisScript {
    static final RedisScript APPEND = new RedisScript("append.lua");
    static final RedisScript REINDEX = new RedisScript("reindex.lua");
    static final RedisScript REMOVE = new RedisScript("remove.lua");
    static final RedisScript THREADS = new RedisScript("threads.lua");
    static final RedisScript PAGE = new RedisScript("page.lua");
    static final RedisScript SEARCH = new RedisScript("search.lua");

    private final String source;
    /** The script's SHA1, as Redis names it (worked out here: no SCRIPT LOAD round trip). */
    private final String digest;

    private RedisScript(String name) {
        this.source = load(name);
        this.digest = sha1(source);
    }

    /**
     * Runs the script without waiting: {@code EVALSHA}, and {@code EVAL} (which loads it) when Redis
     * does not know it. Commands sent on one connection complete in the order they were sent.
     */
    <T> CompletableFuture<T> runAsync(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type,
                                      String[] keys, String... args) {
        return redis.<T>evalsha(digest, type, keys, args).toCompletableFuture().exceptionallyCompose(e -> {
            Throwable cause = unwrapped(e);
            return cause instanceof RedisNoScriptException
                    ? redis.<T>eval(source, type, keys, args).toCompletableFuture()
                    : CompletableFuture.failedFuture(cause);
        });
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1 in this JVM", e);
        }
    }

    /** {@link #runAsync}, waiting: {@code EVALSHA}, and {@code EVAL} when Redis does not know the script. */
    <T> T run(RedisClusterCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(digest, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(source, type, keys, args);
        }
    }

    /** What failed, out of the {@link CompletionException} a future's stage wraps it in. */
    static Throwable unwrapped(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String load(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
