package dev.nova.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The load tool's connections, all on one {@link RawClient} (one thread for thousands of sockets). Opening is throttled to a number of handshakes in flight, so the tool
 * never looks like a flood of unauthenticated connections; idle peers are kept alive.
 */
final class Fleet implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final int IN_FLIGHT = 32;

    private final Target target;
    private final RawClient client;
    private final boolean offerDeflate;
    private final List<Peer> peers = new ArrayList<>();
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-keepalive");
        t.setDaemon(true);
        return t;
    });

    Fleet(Target target, boolean offerDeflate) throws Exception {
        this.target = target;
        this.offerDeflate = offerDeflate;
        this.client = new RawClient();
        String ping = target.keepAlive();
        if (ping != null) {
            keepAlive.scheduleWithFixedDelay(() -> {
                for (Peer p : snapshot()) {
                    p.send(ping);
                }
            }, 5, 5, TimeUnit.SECONDS);
        }
    }

    /** Opens {@code n} more peers, each ready (authenticated); the sink of each comes from {@code sinks}. */
    List<Peer> open(int n, Function<Integer, Deliveries> sinks) throws Exception {
        return open(n, sinks, 0);
    }

    /** {@link #open(int, Function)} with small socket buffers ({@code receiveBuffer} bytes), as a slow client's. */
    List<Peer> open(int n, Function<Integer, Deliveries> sinks, int receiveBuffer) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<Peer> opened = new ArrayList<>(n);
        List<CompletableFuture<Void>> all = new ArrayList<>(n);
        int base = snapshot().size();
        for (int i = 0; i < n; i++) {
            int index = base + i;
            Peer p = new Peer(index, target, sinks.apply(index));
            slots.acquire();
            client.connect(target.uri(index), p, offerDeflate, receiveBuffer);
            CompletableFuture<Void> done = p.ready.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .whenComplete((v, x) -> slots.release());
            all.add(done);
            opened.add(p);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
        synchronized (peers) {
            peers.addAll(opened);
        }
        return opened;
    }

    /** Joins every one of {@code who} to {@code room}, a few at a time, and waits for every acknowledgement. */
    static void join(List<Peer> who, Function<Peer, String> room) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT * 4);
        List<CompletableFuture<Void>> all = new ArrayList<>(who.size());
        for (Peer p : who) {
            slots.acquire();
            all.add(p.join(room.apply(p)).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .whenComplete((v, x) -> slots.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
    }

    List<Peer> snapshot() {
        synchronized (peers) {
            return List.copyOf(peers);
        }
    }

    @Override
    public void close() throws Exception {
        keepAlive.shutdownNow();
        for (Peer p : snapshot()) {
            p.close();
        }
        client.close();
    }
}
