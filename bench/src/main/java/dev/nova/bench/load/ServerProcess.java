package dev.nova.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What {@code /proc} says about the server under test: CPU time and resident memory (summed over its nodes). */
final class ServerProcess {
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux this runs on. */
    private static final long TICK_NANOS = 10_000_000L;
    private final long pid;
    private final List<ServerProcess> more;

    ServerProcess(long pid) {
        this(List.of(pid));
    }

    /** The server's nodes: figures are their sums. */
    ServerProcess(List<Long> pids) {
        this.pid = pids.get(0);
        this.more = pids.subList(1, pids.size()).stream().map(ServerProcess::new).toList();
    }

    /** User plus system CPU time of the whole process (every thread, exited ones too). */
    long cpuNanos() {
        String stat = read("stat");
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS
                + more.stream().mapToLong(ServerProcess::cpuNanos).sum();
    }

    long rssBytes() {
        for (String line : read("status").split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024
                        + more.stream().mapToLong(ServerProcess::rssBytes).sum();
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    long pid() {
        return pid;
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/" + file + ": is the server running?", e);
        }
    }
}
