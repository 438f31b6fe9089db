package dev.nova.bench.load;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** One measured window: what was offered, what arrived, how late, and what it cost the server. */
record Row(String target, String label, double offeredPerS, double deliveredPerS, Histogram latencyMicros,
           double cpuMsPer1000, long rssBytes, String note) {

    static final String HEADER = String.format(Locale.ROOT, "| %-9s | %-22s | %12s | %12s | %8s | %8s | %8s | %8s | %8s | %10s | %8s | %s |",
            "server", "scenario", "offered/s", "delivered/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
            "CPU ms/1k", "RSS MiB", "note");
    static final String RULE = "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    String line() {
        Histogram h = latencyMicros;
        return String.format(Locale.ROOT, "| %-9s | %-22s | %,12.0f | %,12.0f | %8.2f | %8.2f | %8.2f | %8.2f | %8.1f | %10.2f | %8.0f | %s |",
                target, label, offeredPerS, deliveredPerS, ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                h.getMaxValue() / 1000.0, cpuMsPer1000, rssBytes / 1048576.0, note == null ? "" : note);
    }

    double p99Ms() {
        return ms(latencyMicros, 99);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
