package dev.nova.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The fan-out load tool: drives a running server over real sockets and prints Markdown table
 * rows. {@code bench/fanout.sh} starts Nova and the Socket.IO peer and runs every scenario
 * against both in one go; see docs/BENCHMARKS.md.
 */
@Command(name = "load", mixinStandardHelpOptions = true, description = "Fan-out load against a running server.")
public final class LoadMain implements Callable<Integer> {
    @Parameters(index = "0", description = "fanout | sweep | stalled | mixed | idle | stalled-memory")
    String scenario;

    @Option(names = "--target", required = true, description = "nova or socketio")
    String target;

    @Option(names = "--url", required = true, split = ",",
            description = "ws://HOST:PORT/ws (Nova; a list: nodes, connections spread over them in turn) or ws://HOST:PORT (Socket.IO)")
    List<URI> urls;

    @Option(names = "--keys", description = "Nova: a file of 'NAME KEY' lines (nova-server keys create --count N)")
    Path keys;

    @Option(names = "--pid", required = true, split = ",",
            description = "the server's process id (a list: its nodes'), for CPU and memory")
    List<Long> pids;

    @Option(names = "--stats-url", description = "Socket.IO peer: its /stats address, for heap figures")
    URI statsUrl;

    @Option(names = "--subscribers", defaultValue = "1000") int subscribers;
    @Option(names = "--rate", split = ",", defaultValue = "100", description = "messages/s (sweep: a list)") List<Double> rates;
    @Option(names = "--size", defaultValue = "100", description = "message content, characters") int size;
    @Option(names = "--warmup", defaultValue = "5", description = "seconds") double warmup;
    @Option(names = "--seconds", defaultValue = "10") double seconds;
    @Option(names = "--stalled", defaultValue = "10") int stalled;
    @Option(names = "--connections", defaultValue = "5000") int connections;
    @Option(names = "--own-rate", defaultValue = "2500", description = "mixed: messages/s into own rooms, in all") double ownRate;
    @Option(names = "--shared-rate", defaultValue = "10", description = "mixed: messages/s into the shared room") double sharedRate;
    @Option(names = "--every", defaultValue = "5", description = "stalled-memory: seconds between samples") double every;
    @Option(names = "--offer-deflate", description = "offer permessage-deflate, as browsers and the ws package do")
    boolean deflate;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Target t = switch (target) {
            case "nova" -> new NovaTarget(urls, require(keys, "--keys"));
            case "socketio" -> new SocketIoTarget(urls.get(0));
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--target: nova or socketio");
        };
        HeapProbe heap = target.equals("nova") ? HeapProbe.jvm(pids.get(0))
                : statsUrl != null ? HeapProbe.node(statsUrl) : () -> 0L;
        Scenarios s = new Scenarios(t, new ServerProcess(pids), heap, deflate, System.out);
        switch (scenario) {
            case "fanout" -> s.fanout(subscribers, rates, size, warmup, seconds, 0, false);
            case "sweep" -> s.fanout(subscribers, rates, size, warmup, seconds, 0, true);
            case "stalled" -> s.fanout(subscribers, rates, size, warmup, seconds, stalled, false);
            case "mixed" -> s.mixed(connections, ownRate, sharedRate, size, warmup, seconds);
            case "idle" -> s.idle(connections, seconds);
            case "stalled-memory" -> s.stalledMemory(subscribers, stalled, rates.get(0), size, seconds, every);
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown scenario " + scenario);
        }
        return 0;
    }

    private <T> T require(T value, String option) {
        if (value == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), option + " is required for this target");
        }
        return value;
    }

}
