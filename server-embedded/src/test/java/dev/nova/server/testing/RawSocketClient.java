package dev.nova.server.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare socket, for what a library would hide: when exactly the server
 * closes TCP, a client that stops reading, a burst of frames written as fast as the socket takes
 * them, or frames a library would refuse to send.
 */
public final class RawSocketClient implements AutoCloseable {
    /** One frame from the server; {@code opcode} 1 text, 8 close; {@link #EOF} when TCP closed. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame; 1005 (no status) when it has none or is no close frame. */
        public int closeCode() {
            if (opcode != 0x8 || payload.length < 2) {
                return 1005;
            }
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    public static final Frame EOF = new Frame(-1, new byte[0]);
    public static final Frame TIMEOUT = new Frame(-2, new byte[0]);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawSocketClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and upgrades; {@code receiveBuffer} (bytes, 0 for the default) is set before connecting. */
    public static RawSocketClient connect(int port, String path, int receiveBuffer, String origin) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        RawSocketClient c = new RawSocketClient(s);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n" + (origin != null ? "Origin: " + origin + "\r\n" : "") + "\r\n";
        c.out.write(request.getBytes(StandardCharsets.US_ASCII));
        c.out.flush();
        String status = c.readLine();
        if (!status.startsWith("HTTP/1.1 101")) {
            s.close();
            throw new IOException("upgrade refused: " + status);
        }
        while (!c.readLine().isEmpty()) {
            // headers
        }
        return c;
    }

    public static RawSocketClient connect(int port) throws IOException {
        return connect(port, "/ws", 0, null);
    }

    public void sendText(String text) throws IOException {
        out.write(frame(0x1, text.getBytes(StandardCharsets.UTF_8)));
        out.flush();
    }

    /** A WebSocket pong, as every client answers the server's pings. */
    public void sendPong(byte[] payload) throws IOException {
        out.write(frame(0xA, payload));
        out.flush();
    }

    /** Answers a close frame with the same code, as a polite client does. */
    public void sendClose(int code) throws IOException {
        out.write(frame(0x8, new byte[] {(byte) (code >> 8), (byte) code}));
        out.flush();
    }

    /** The next frame, {@link #EOF} when the server closed TCP, {@link #TIMEOUT} when nothing came in time. */
    public Frame next(Duration wait) throws IOException {
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            return new Frame(b0 & 0x0f, payload);
        } catch (EOFException e) {
            return EOF;
        } catch (SocketTimeoutException e) {
            return TIMEOUT;
        } catch (java.net.SocketException e) {
            return EOF; // reset
        }
    }

    /**
     * How a connection answered after a burst of frames: {@code alive} when every ping was
     * answered, else {@code closed} (with the server's close code, or null when TCP just ended)
     * or neither: deaf, with the pongs that did come.
     */
    public record Answer(boolean alive, boolean closed, Integer closeCode, long pongs) {
        /** Whether it was closed with a code other than one the server closes with on purpose. */
        public boolean closedWithAnUnknownCode() {
            return closeCode != null && !SERVER_CLOSE_CODES.contains(closeCode);
        }
    }

    /** The close codes a Nova server closes with on purpose (RFC 6455's and Nova's own). */
    public static final java.util.Set<Integer> SERVER_CLOSE_CODES = java.util.Set.of(1001, 1002, 1003, 1007, 1009,
            1013, 4001, 4002, 4008, 4029, 4400);

    /**
     * Reads until {@code pings} pongs came, or the server closed (its close is answered), or
     * {@code wait} passed; every text frame on the way goes to {@code texts}.
     */
    public Answer awaitPongs(long pings, Duration wait, java.util.function.Consumer<String> texts) throws IOException {
        long pongs = 0;
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Frame f = next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (f == TIMEOUT) {
                break;
            }
            if (f == EOF) {
                return new Answer(false, true, null, pongs);
            }
            if (f.opcode() == 0x8) {
                sendClose(f.closeCode());
                return new Answer(false, true, f.closeCode(), pongs);
            }
            if (f.opcode() == 0x1) {
                texts.accept(f.text());
                if (f.text().contains("\"type\":\"pong\"") && ++pongs >= pings) {
                    return new Answer(true, false, null, pongs);
                }
            }
        }
        return new Answer(false, false, null, pongs);
    }

    /** Skips text frames and pings until a close frame or the end; returns it. */
    public Frame nextClose(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Frame f = next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            boolean skipped = f.opcode() == 0x1 || f.opcode() == 0x9 || f.opcode() == 0xA; // text, ping, pong
            if (!skipped || System.nanoTime() > deadline) {
                return f;
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static byte[] frame(int opcode, byte[] payload) {
        int len = payload.length;
        int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
        ByteBuffer f = ByteBuffer.allocate(header + 4 + len);
        f.put((byte) (0x80 | opcode));
        if (len < 126) {
            f.put((byte) (0x80 | len));
        } else if (len < 65536) {
            f.put((byte) (0x80 | 126)).putShort((short) len);
        } else {
            f.put((byte) (0x80 | 127)).putLong(len);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.put(mask);
        for (int i = 0; i < len; i++) {
            f.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return f.array();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
