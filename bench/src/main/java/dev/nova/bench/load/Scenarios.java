package dev.nova.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/** The four scenarios of the fan-out benchmark, run against one target. */
final class Scenarios {
    private static final String ROOM = "bench";
    /** The socket receive buffer of a reader that stops reading: small, as on a slow link. */
    private static final int STALLED_BUFFER = 8 * 1024;
    private final Target target;
    private final ServerProcess server;
    private final HeapProbe heap;
    private final boolean deflate;
    private final PrintStream out;

    Scenarios(Target target, ServerProcess server, HeapProbe heap, boolean deflate, PrintStream out) {
        this.target = target;
        this.server = server;
        this.heap = heap;
        this.deflate = deflate;
        this.out = out;
    }

    /**
     * Scenario 1: one publisher, {@code subs} readers of one room, at each rate in turn. With
     * {@code stalled > 0} (scenario 4) each rate is measured twice in the same run: with those extra
     * readers reading, then after they stop reading.
     */
    List<Row> fanout(int subs, List<Double> rates, int size, double warm, double seconds, int stalled,
                     boolean stopAbove50) throws Exception {
        Deliveries sink = new Deliveries();
        List<Row> rows = new ArrayList<>();
        try (Fleet fleet = new Fleet(target, deflate)) {
            Room room = room(fleet, sink, subs, stalled, size);
            Pacer pacer = room.pacer();
            List<Peer> stuck = room.stuck();
            for (double rate : rates) {
                pacer.run(rate, warm);
                String label = String.format(Locale.ROOT, "fan-out 1->%d @%.0f/s", subs, rate);
                Row row = window(label + (stalled > 0 ? ", all read" : ""), sink, () -> pacer.run(rate, seconds),
                        rate * subs, seconds, (long) (rate * seconds) * subs, null);
                rows.add(row);
                out.println(row.line());
                if (stalled > 0) {
                    stuck.forEach(Peer::stall);
                    Row with = window(String.format(Locale.ROOT, "%s, %d stalled", label, stalled), sink,
                            () -> pacer.run(rate, seconds), rate * subs, seconds, (long) (rate * seconds) * subs, null);
                    rows.add(with);
                    out.println(with.line() + " " + closes(stuck));
                }
                if (stopAbove50 && (row.p99Ms() > 50 || row.deliveredPerS() < 0.95 * row.offeredPerS())) {
                    break;
                }
            }
        }
        return rows;
    }

    /**
     * Scenario 2: {@code n} connections, each in its own room and all in one shared room; each
     * publishes into its own room ({@code ownRate} in all) while one of them publishes into the
     * shared room ({@code sharedRate}).
     */
    Row mixed(int n, double ownRate, double sharedRate, int size, double warm, double seconds) throws Exception {
        Deliveries sink = new Deliveries();
        try (Fleet fleet = new Fleet(target, deflate)) {
            List<Peer> peers = fleet.open(n, i -> sink);
            Fleet.join(peers, p -> "own-" + p.index);
            Fleet.join(peers, p -> "shared");
            List<Pacer.Source> own = peers.stream().map(p -> new Pacer.Source(p, "own-" + p.index))
                    .collect(Collectors.toList());
            Pacer ownPacer = new Pacer(target, own, size);
            Pacer sharedPacer = new Pacer(target, List.of(new Pacer.Source(peers.get(0), "shared")), size);
            Runnable both = () -> {
                Thread shared = new Thread(() -> sharedPacer.run(sharedRate, seconds), "load-shared");
                shared.start();
                ownPacer.run(ownRate, seconds);
                join(shared);
            };
            Runnable warmBoth = () -> {
                Thread shared = new Thread(() -> sharedPacer.run(sharedRate, warm), "load-shared");
                shared.start();
                ownPacer.run(ownRate, warm);
                join(shared);
            };
            warmBoth.run();
            double offered = ownRate + sharedRate * n;
            Row row = window(String.format(Locale.ROOT, "mixed %d conns", n), sink, both, offered, seconds,
                    (long) (offered * seconds), null);
            out.println(row.line());
            return row;
        }
    }

    /** Scenario 3: memory of {@code n} idle authenticated connections. */
    void idle(int n, double settleSeconds) throws Exception {
        long heap0 = heap.heapAfterGc();
        long rss0 = server.rssBytes();
        try (Fleet fleet = new Fleet(target, deflate)) {
            long t0 = System.nanoTime();
            fleet.open(n, i -> null);
            double openS = (System.nanoTime() - t0) / 1e9;
            pause(settleSeconds);
            long heap1 = heap.heapAfterGc();
            long rss1 = server.rssBytes();
            long open = fleet.snapshot().stream().filter(Peer::isOpen).count();
            out.printf(Locale.ROOT, "| %-9s | idle %d conns | %d open after %.0f s (opened in %.1f s) | heap %.1f -> %.1f MiB:"
                            + " %.1f KiB/conn | RSS %.1f -> %.1f MiB: %.1f KiB/conn |%n",
                    target.name(), n, open, settleSeconds, openS, heap0 / 1048576.0, heap1 / 1048576.0,
                    (heap1 - heap0) / 1024.0 / n, rss0 / 1048576.0, rss1 / 1048576.0, (rss1 - rss0) / 1024.0 / n);
        }
    }

    /** Server RSS every {@code every} seconds while {@code stalled} readers stop reading. */
    void stalledMemory(int subs, int stalled, double rate, int size, double seconds, double every) throws Exception {
        Deliveries sink = new Deliveries();
        try (Fleet fleet = new Fleet(target, deflate)) {
            Room room = room(fleet, sink, subs, stalled, size);
            Pacer pacer = room.pacer();
            List<Peer> stuck = room.stuck();
            stuck.forEach(Peer::stall);
            sink.start();
            Thread pub = new Thread(() -> pacer.run(rate, seconds), "load-publisher");
            long t0 = System.nanoTime();
            pub.start();
            StringBuilder samples = new StringBuilder();
            for (double t = 0; t <= seconds; t += every) {
                pauseUntil(t0 + (long) (t * 1e9));
                samples.append(String.format(Locale.ROOT, " %.0fs:%.0f", t, server.rssBytes() / 1048576.0));
            }
            join(pub);
            sink.stop();
            out.printf(Locale.ROOT, "| %-9s | %d stalled of %d, %.0f msg/s x %d B | RSS MiB over time:%s | others p99 %.1f ms | %s |%n",
                    target.name(), stalled, subs + stalled, rate, size, samples,
                    sink.histogram().getValueAtPercentile(99) / 1000.0, closes(stuck));
        }
    }

    /** One room: its publisher's pacer, and the readers that will stop reading when told. */
    private record Room(Pacer pacer, List<Peer> stuck) {}

    /** A publisher, {@code subs} readers into {@code sink}, {@code stalled} more readers with small buffers; all joined. */
    private Room room(Fleet fleet, Deliveries sink, int subs, int stalled, int size) throws Exception {
        Peer publisher = fleet.open(1, i -> null).get(0);
        List<Peer> readers = fleet.open(subs, i -> sink);
        List<Peer> stuck = fleet.open(stalled, i -> null, STALLED_BUFFER);
        Fleet.join(readers, p -> ROOM);
        Fleet.join(stuck, p -> ROOM);
        return new Room(new Pacer(target, List.of(new Pacer.Source(publisher, ROOM)), size), stuck);
    }

    private Row window(String label, Deliveries sink, Runnable publish, double offeredPerS, double seconds,
                       long expected, String note) {
        sink.start();
        long cpu0 = server.cpuNanos();
        long t0 = System.nanoTime();
        publish.run();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sink.count() < expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        sink.stop();
        long cpu = server.cpuNanos() - cpu0;
        double elapsed = Math.max(seconds, (System.nanoTime() - t0) / 1e9 - 0.0);
        long got = sink.count();
        double cpuPer1000 = got == 0 ? Double.NaN : cpu / 1e6 / got * 1000;
        String n = note;
        if (got < expected) {
            n = (n == null ? "" : n + "; ") + String.format(Locale.ROOT, "%.1f%% arrived", 100.0 * got / expected);
        }
        return new Row(target.name(), label, offeredPerS, got / elapsed, sink.histogram(), cpuPer1000,
                server.rssBytes(), n);
    }

    /** Lets the stalled readers read again, and tells how many of them the server had closed, with which codes. */
    private static String closes(List<Peer> stuck) {
        stuck.forEach(Peer::resume);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (stuck.stream().anyMatch(p -> !p.closed.isDone()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        long closed = stuck.stream().filter(p -> p.closed.isDone()).count();
        String codes = stuck.stream().filter(p -> p.closed.isDone()).map(p -> String.valueOf(p.closed.join()))
                .distinct().collect(Collectors.joining(","));
        return stuck.size() + " stalled: " + closed + " closed" + (codes.isEmpty() ? "" : " (" + codes + ")");
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(double seconds) {
        pauseUntil(System.nanoTime() + (long) (seconds * 1e9));
    }

    private static void pauseUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
