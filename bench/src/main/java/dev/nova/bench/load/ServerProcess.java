package dev.nova.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code /proc} says about the server under test: CPU time and resident memory. */
final class ServerProcess {
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux this runs on. */
    private static final long TICK_NANOS = 10_000_000L;
    private final long pid;

    ServerProcess(long pid) {
        this.pid = pid;
    }

    /** User plus system CPU time of the whole process (every thread, exited ones too). */
    long cpuNanos() {
        String stat = read("stat");
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
    }

    long rssBytes() {
        for (String line : read("status").split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
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
