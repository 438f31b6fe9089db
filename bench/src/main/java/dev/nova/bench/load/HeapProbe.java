package dev.nova.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server's live heap after a full collection, asked the way its runtime allows. */
interface HeapProbe {
    long heapAfterGc() throws Exception;

    /**
     * A JVM: {@code jcmd PID GC.run}, then the sum of the generations' used figures in
     * {@code GC.heap_info} (one line for G1, young and old for the serial and parallel collectors).
     */
    static HeapProbe jvm(long pid) {
        Pattern used = Pattern.compile("total \\d+K, used (\\d+)K");
        return () -> {
            jcmd(pid, "GC.run");
            Matcher m = used.matcher(jcmd(pid, "GC.heap_info"));
            long kib = 0;
            boolean any = false;
            while (m.find()) {
                kib += Long.parseLong(m.group(1));
                any = true;
            }
            if (!any) {
                throw new IllegalStateException("jcmd GC.heap_info: no 'used' figure");
            }
            return kib * 1024;
        };
    }

    /** Node: the peer's {@code /stats} (run node with {@code --expose-gc} so it collects first). */
    static HeapProbe node(URI stats) {
        // HTTP/1.1: an h2c upgrade request would be taken (and dropped) by Socket.IO's upgrade handler.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Pattern used = Pattern.compile("\"heap_used\":(\\d+)");
        return () -> {
            String body = http.send(HttpRequest.newBuilder(stats).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = used.matcher(body);
            if (!m.find()) {
                throw new IllegalStateException(stats + ": no heap_used");
            }
            return Long.parseLong(m.group(1));
        };
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String jcmd = System.getProperty("java.home") + "/bin/jcmd";
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
