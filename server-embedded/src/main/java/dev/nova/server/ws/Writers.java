package dev.nova.server.ws;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write fanned-out frames to sockets. A broadcast only queues its frame on each
 * receiver's {@link Outbox} and asks for that outbox to be drained here; so the sender's thread
 * is free at once, the writing is spread over every core, and a receiver that got several frames
 * while it waited for a writer gets them in one socket write.
 */
final class Writers implements AutoCloseable {
    private final ExecutorService pool;
    private final ScheduledExecutorService later;
    private final int threads;

    Writers(int threads) {
        this.threads = threads;
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                named("nova-writer"));
        this.later = Executors.newSingleThreadScheduledExecutor(named("nova-closer"));
    }

    /** Runs {@code drain} on a writer; on the calling thread once the writers have stopped (shutdown). */
    void execute(Runnable drain) {
        try {
            pool.execute(drain);
        } catch (RejectedExecutionException stopped) {
            drain.run();
        }
    }

    /** Writes the outboxes of {@code connections}, split into one task per writer thread. */
    void drainAll(List<Connection> connections) {
        int n = connections.size();
        int parts = Math.min(threads, Math.max(1, n / 64)); // small broadcasts are not worth splitting
        for (int p = 0; p < parts; p++) {
            List<Connection> part = connections.subList(n * p / parts, n * (p + 1) / parts);
            execute(() -> part.forEach(Connection::drainBroadcast));
        }
    }

    /** Runs {@code task} after {@code millis}; for cutting connections whose close handshake did not finish. */
    void later(Runnable task, long millis) {
        try {
            later.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            task.run();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        pool.shutdown();
        later.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdownNow();
        later.shutdownNow();
    }
}
