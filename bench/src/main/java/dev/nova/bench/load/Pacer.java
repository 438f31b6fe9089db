package dev.nova.bench.load;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes at a steady total rate, round-robin over its sources: message {@code k} is due at
 * {@code start + k / rate} and carries that due time, so when the publisher falls behind the
 * delay shows in the latency instead of being hidden (no coordinated omission).
 */
final class Pacer {
    record Source(Peer peer, String room) {}

    private final Target target;
    private final List<Source> sources;
    private final int size;

    Pacer(Target target, List<Source> sources, int size) {
        this.target = target;
        this.sources = sources;
        this.size = size;
    }

    /** Publishes {@code rate} messages a second for {@code seconds}; returns how many it sent. */
    long run(double rate, double seconds) {
        long period = (long) (1e9 / rate);
        long total = (long) (rate * seconds);
        long start = System.nanoTime();
        for (long k = 0; k < total; k++) {
            long due = start + k * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000));
            }
            Source s = sources.get((int) (k % sources.size()));
            s.peer().send(target.publish(s.room(), Stamp.content(due, size)));
        }
        return total;
    }
}
