package dev.nova.server.redis;

/**
 * Where Nova keeps what in Redis. Every key of one stream carries the stream's name as its hash
 * tag ({@code {name}}), so a stream's keys live in one slot and the append script runs unchanged
 * on Redis Cluster. {@code prefix} separates installations (and tests) sharing one Redis.
 */
record RedisKeys(String prefix) {

    private String tagged(String stream) {
        return prefix + "{" + stream + "}";
    }

    String log(String stream) {
        return tagged(stream) + ":log";
    }

    String meta(String stream) {
        return tagged(stream) + ":meta";
    }

    /** A thread's index: a Redis stream of its messages' offsets (entry ids), senders and times. */
    String threadIndex(String stream, String thread) {
        return threadIndexPrefix(stream) + thread;
    }

    /** What every thread index key of {@code stream} starts with (the thread id follows). */
    String threadIndexPrefix(String stream) {
        return tagged(stream) + ":t:";
    }

    /**
     * A thread's messages not by the stream's owner (a sorted set of offsets): in a person's own
     * stream, the assistant's answers, so their unread count is one {@code ZCOUNT}.
     */
    String othersIndex(String stream, String thread) {
        return othersIndexPrefix(stream) + thread;
    }

    /** What the keys of a stream's search text start with (the block number follows: offset / 256). */
    String searchTextPrefix(String stream) {
        return tagged(stream) + ":x:";
    }

    String othersIndexPrefix(String stream) {
        return tagged(stream) + ":u:";
    }

    /**
     * Whose stream it is: {@code NAME} for a person's own stream {@code @KIND/NAME} (an assistant
     * stream), the empty string for a channel, which is everyone's.
     */
    static String owner(String stream) {
        int slash = stream.indexOf('/');
        return stream.startsWith("@") && slash > 0 ? stream.substring(slash + 1) : "";
    }

    /** The ids of the stream's threads that hold messages. */
    String threadSet(String stream) {
        return tagged(stream) + ":threads";
    }

    /** The stream's message ids: field message id, value its offset. */
    String messageIds(String stream) {
        return tagged(stream) + ":ids";
    }

    /** Channels' own retention rules: field channel, value {@code <max messages>|<max age seconds>} (empty: none). */
    String retention() {
        return prefix + "{retention}";
    }

    /** {@code identity}'s tool policies ({@code *}: everyone's). */
    String toolPolicies(String identity) {
        return prefix + "{tools}:policy:" + identity;
    }

    String clientId(String stream, String sender, String clientMessageId) {
        return tagged(stream) + ":id:" + sender.length() + ":" + sender + ":" + clientMessageId;
    }

    /** The pub/sub channel of a stream (stored messages) or a live channel (events). */
    String bus(String stream) {
        return tagged(stream) + ":bus";
    }

    /** The stream a bus channel belongs to, or null when it is not one of ours. */
    String streamOfBus(String channel) {
        if (!channel.startsWith(prefix + "{") || !channel.endsWith("}:bus")) {
            return null;
        }
        return channel.substring(prefix.length() + 1, channel.length() - "}:bus".length());
    }

    /** Every stream that is not an assistant stream (the sidebar's channels). */
    String channels() {
        return prefix + "channels";
    }

    /** The channels {@code identity} left. */
    String left(String identity) {
        return prefix + "left:" + identity;
    }

    /** A stream's thread titles: field thread id, value {@code <millis>|<title>}. */
    String titles(String stream) {
        return tagged(stream) + ":titles";
    }

    /**
     * A stream's thread pins, folders and settings: fields {@code p|<thread>} ("1"),
     * {@code f|<thread>} (the folder), {@code s|<thread>} (the settings as JSON) and
     * {@code t|<thread>} (when they last changed, millis); a field is deleted rather than emptied.
     */
    String threadMeta(String stream) {
        return tagged(stream) + ":meta";
    }

    /** A stream's read marks: field {@code <reader length>:<reader>|<thread id>}, value the offset. */
    String marks(String stream) {
        return tagged(stream) + ":marks";
    }

    /** The board: tasks by id (JSON), their versions, open ones by creation, closed ones by finish. */
    String tasks() {
        return prefix + "{tasks}:all";
    }

    String taskVersions() {
        return prefix + "{tasks}:version";
    }

    String openTasks() {
        return prefix + "{tasks}:open";
    }

    String closedTasks() {
        return prefix + "{tasks}:closed";
    }

    String apiKeys() {
        return prefix + "{keys}";
    }

    String acl(String channel) {
        return prefix + "acl:{" + channel + "}";
    }

    /** Nodes' leases: a sorted set of node ids scored by when each lease runs out (ms). */
    String leases() {
        return prefix + "{agents}:leases";
    }

    /** The agents a node last reported (a JSON array of their statuses). */
    String nodeAgents(String node) {
        return prefix + "{agents}:node:" + node;
    }
}
