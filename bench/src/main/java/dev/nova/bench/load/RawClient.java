package dev.nova.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A WebSocket client made to be cheaper than what it measures: one selector thread for every
 * socket, frames parsed straight from the read buffer, and a delivered message's stamp read from
 * its bytes without decoding it. Only frames without a stamp (acks, pings, errors) become
 * strings. Speaks RFC 6455 as a client (masked frames, ping answered, close echoed) and, when
 * asked, permessage-deflate.
 *
 * <p>A general-purpose client library was tried first: at 100,000 frames/s it spent more CPU
 * than the servers it measured and put half a second of its own delay into every figure.
 */
final class RawClient implements AutoCloseable {
    private static final byte[] MARK = "\"content\":\"T".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Selector selector;
    private final Thread loop;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final byte[] scratch = new byte[256 * 1024];
    private volatile boolean running = true;

    RawClient() throws IOException {
        selector = Selector.open();
        loop = new Thread(this::run, "load-selector");
        loop.setDaemon(true);
        loop.start();
    }

    /** Opens a connection for {@code peer} (attached to it at once); its events arrive on this client's one thread. */
    Conn connect(URI uri, Peer peer, boolean offerDeflate) {
        return connect(uri, peer, offerDeflate, 0);
    }

    /** {@link #connect(URI, Peer, boolean)} with a socket receive buffer of {@code receiveBuffer} bytes (0: the system's). */
    Conn connect(URI uri, Peer peer, boolean offerDeflate, int receiveBuffer) {
        Conn c = new Conn(uri, peer, offerDeflate);
        peer.attach(c);
        onLoop(() -> {
            try {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (receiveBuffer > 0) {
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
                }
                c.channel = ch;
                int port = uri.getPort() > 0 ? uri.getPort() : 80;
                if (ch.connect(new InetSocketAddress(uri.getHost(), port))) {
                    c.key = ch.register(selector, SelectionKey.OP_READ, c);
                    c.handshake();
                } else {
                    c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
                }
            } catch (IOException e) {
                c.fail(e);
            }
        });
        return c;
    }

    void onLoop(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void run() {
        while (running) {
            try {
                selector.select(1000);
                Runnable t;
                while ((t = tasks.poll()) != null) {
                    t.run();
                }
                for (SelectionKey k : selector.selectedKeys()) {
                    Conn c = (Conn) k.attachment();
                    try {
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isConnectable()) {
                            c.channel.finishConnect();
                            k.interestOps(SelectionKey.OP_READ);
                            c.handshake();
                        }
                        if (k.isValid() && k.isWritable()) {
                            c.flushQueued();
                        }
                        if (k.isValid() && k.isReadable()) {
                            c.read();
                        }
                    } catch (IOException | RuntimeException e) {
                        c.fail(e);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                throw new IllegalStateException("selector failed", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
    }

    /** One socket. Reads happen on the selector thread; sends may come from any thread. */
    final class Conn {
        private final URI uri;
        private final Peer peer;
        private final boolean offerDeflate;
        private SocketChannel channel;
        private SelectionKey key;
        private boolean upgraded;
        private boolean closed;
        private volatile boolean stalled;
        private byte[] pending = new byte[0];
        private int pendingLength;
        private java.util.zip.Inflater inflater;
        private final ArrayDeque<ByteBuffer> outQueue = new ArrayDeque<>();
        private String expectedAccept;

        Conn(URI uri, Peer peer, boolean offerDeflate) {
            this.uri = uri;
            this.peer = peer;
            this.offerDeflate = offerDeflate;
        }

        private void handshake() throws IOException {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            String key64 = Base64.getEncoder().encodeToString(nonce);
            expectedAccept = accept(key64);
            String path = uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
            String req = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key64
                    + "\r\nSec-WebSocket-Version: 13\r\n"
                    + (offerDeflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
                    + "\r\n";
            write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
        }

        /** Sends one text frame, masked as a client must. */
        void sendText(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            send(encodeFrame(0x1, payload, payload.length));
        }

        private void send(ByteBuffer frame) {
            try {
                write(frame);
            } catch (IOException e) {
                onLoop(() -> fail(e));
            }
        }

        private synchronized void write(ByteBuffer b) throws IOException {
            if (closed) {
                return;
            }
            if (outQueue.isEmpty()) {
                channel.write(b);
                if (!b.hasRemaining()) {
                    return;
                }
            }
            outQueue.add(b);
            onLoop(() -> {
                if (key.isValid()) {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                }
            });
        }

        private synchronized void flushQueued() throws IOException {
            while (!outQueue.isEmpty()) {
                ByteBuffer b = outQueue.peek();
                channel.write(b);
                if (b.hasRemaining()) {
                    return;
                }
                outQueue.poll();
            }
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }

        void stall() {
            stalled = true;
        }

        void resume() {
            stalled = false;
            onLoop(() -> {
                if (key != null && key.isValid()) {
                    key.interestOps(key.interestOps() | SelectionKey.OP_READ);
                }
            });
        }

        void close(int code) {
            byte[] p = {(byte) (code >> 8), (byte) code};
            send(encodeFrame(0x8, p, 2));
        }

        private void read() throws IOException {
            readBuffer.clear();
            int n = channel.read(readBuffer);
            if (n < 0) {
                end(1006);
                return;
            }
            readBuffer.flip();
            ensure(pendingLength + n);
            readBuffer.get(pending, pendingLength, n);
            pendingLength += n;
            int used = upgraded ? frames(pending, pendingLength) : upgrade();
            System.arraycopy(pending, used, pending, 0, pendingLength - used);
            pendingLength -= used;
            if (stalled && key.isValid()) {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
            }
        }

        private int upgrade() {
            String text = new String(pending, 0, pendingLength, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return 0;
            }
            String head = text.substring(0, end);
            if (!head.startsWith("HTTP/1.1 101") || !head.contains(expectedAccept)) {
                fail(new IOException("upgrade refused: " + head.lines().findFirst().orElse("")));
                return pendingLength;
            }
            if (head.toLowerCase(java.util.Locale.ROOT).contains("permessage-deflate")) {
                inflater = new java.util.zip.Inflater(true);
            }
            upgraded = true;
            peer.opened();
            return end + 4 + frames(pending, pendingLength - end - 4, end + 4);
        }

        private int frames(byte[] b, int length) {
            return frames(b, length, 0);
        }

        /** Parses whole frames from {@code b[from..from+length)}; returns the bytes used. */
        private int frames(byte[] b, int length, int from) {
            int at = from;
            int limit = from + length;
            while (!closed && limit - at >= 2) {
                int b0 = b[at] & 0xff;
                int b1 = b[at + 1] & 0x7f;
                int header = 2;
                long len = b1;
                if (b1 == 126) {
                    if (limit - at < 4) {
                        break;
                    }
                    len = ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
                    header = 4;
                } else if (b1 == 127) {
                    if (limit - at < 10) {
                        break;
                    }
                    len = 0;
                    for (int i = 2; i < 10; i++) {
                        len = (len << 8) | (b[at + i] & 0xff);
                    }
                    header = 10;
                }
                if (limit - at < header + len) {
                    break;
                }
                frame(b0, b, at + header, (int) len);
                at += header + (int) len;
            }
            return at - from;
        }

        private void frame(int b0, byte[] b, int off, int len) {
            int op = b0 & 0x0f;
            switch (op) {
                case 0x1 -> {
                    if ((b0 & 0x40) != 0) {
                        text(scratch, 0, inflate(b, off, len));
                    } else {
                        text(b, off, len);
                    }
                }
                case 0x8 -> {
                    int code = len >= 2 ? ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff) : 1005;
                    close(code);
                    end(code);
                }
                case 0x9 -> {
                    byte[] p = java.util.Arrays.copyOfRange(b, off, off + len);
                    send(encodeFrame(0xA, p, len));
                }
                default -> { /* pong, binary, continuation: not used by the servers measured */ }
            }
        }

        /** Inflates one compressed message into {@code scratch}; returns its length. */
        private int inflate(byte[] b, int off, int len) {
            try {
                byte[] in = new byte[len + 4];
                System.arraycopy(b, off, in, 0, len);
                in[len + 2] = (byte) 0xff;
                in[len + 3] = (byte) 0xff;
                inflater.setInput(in);
                int n = 0;
                while (true) {
                    int got = inflater.inflate(scratch, n, scratch.length - n);
                    n += got;
                    if (got == 0 || n == scratch.length) {
                        break;
                    }
                }
                return n;
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalStateException("bad deflate data", e);
            }
        }

        private void text(byte[] b, int off, int len) {
            long stamp = stamp(b, off, len);
            if (stamp >= 0) {
                peer.delivered(stamp, len);
            } else {
                peer.text(new String(b, off, len, StandardCharsets.UTF_8));
            }
        }

        private void end(int code) {
            if (closed) {
                return;
            }
            synchronized (this) {
                closed = true;
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            peer.closed(code);
        }

        private void fail(Exception e) {
            peer.failed(e);
            end(1006);
        }

        private void ensure(int size) {
            if (pending.length < size) {
                pending = java.util.Arrays.copyOf(pending, Math.max(size, pending.length * 2));
            }
        }
    }

    /** The stamp after the mark in a message's bytes, or -1. */
    static long stamp(byte[] b, int off, int len) {
        int end = off + len - MARK.length;
        outer:
        for (int i = off; i <= end; i++) {
            for (int j = 0; j < MARK.length; j++) {
                if (b[i + j] != MARK[j]) {
                    continue outer;
                }
            }
            long v = 0;
            int digits = 0;
            for (int k = i + MARK.length; k < off + len && b[k] >= '0' && b[k] <= '9'; k++) {
                v = v * 10 + (b[k] - '0');
                digits++;
            }
            return digits == 0 ? -1 : v;
        }
        return -1;
    }

    private static ByteBuffer encodeFrame(int op, byte[] payload, int len) {
        int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
        ByteBuffer f = ByteBuffer.allocate(header + 4 + len);
        f.put((byte) (0x80 | op));
        if (len < 126) {
            f.put((byte) (0x80 | len));
        } else if (len < 65536) {
            f.put((byte) (0x80 | 126)).putShort((short) len);
        } else {
            f.put((byte) (0x80 | 127)).putLong(len);
        }
        byte[] mask = new byte[4];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(mask);
        f.put(mask);
        for (int i = 0; i < len; i++) {
            f.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return f.flip();
    }

    private static String accept(String key) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
