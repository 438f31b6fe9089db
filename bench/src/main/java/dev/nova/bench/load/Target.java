package dev.nova.bench.load;

import java.net.URI;
import java.util.List;

/**
 * What the load tool needs to know of a server's protocol: how a connection says hello, joins a
 * room, publishes into it and keeps itself alive. Everything else (pacing, timing, counting) is
 * the same for every target, so the figures of one run compare like with like.
 */
interface Target {
    /** A short name for the tables. */
    String name();

    /** Where connection {@code index} goes (with several nodes: each in turn). */
    URI uri(int index);

    /** The frames connection {@code index} sends once open. */
    List<String> greet(int index);

    /** Whether this frame tells that the greeting was accepted. */
    boolean ready(String frame);

    String join(String room);

    /** Whether this frame acknowledges joining {@code room}. */
    boolean joined(String frame, String room);

    /** One message into {@code room}; its content carries the stamp {@link Stamp} reads back. */
    String publish(String room, String content);

    /** The reply this control frame wants (Socket.IO's ping), or null. */
    String answer(String frame);

    /** A frame that keeps an idle connection alive, sent every few seconds, or null when none is needed. */
    String keepAlive();

    /** Whether this frame refuses something (an error), so the run can say so instead of hanging. */
    boolean refusal(String frame);
}
