package io.saasplatform.adapter.persistence;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between pgjdbc and PostgreSQL that reads the wire protocol to count round trips.
 *
 * <p>A round trip starts when the client sends bytes while every request it made so far (each simple Query and each
 * Sync is answered by one ReadyForQuery) has been answered, i.e. the client had to wait; bytes sent while answers are
 * still due were pipelined into the same round trip. It ends when the last answer due is forwarded. Each round trip
 * records the SQL of every statement executed in it. Closing the proxy cuts every connection, as an outage would.
 */
final class PostgresWireProxy implements AutoCloseable {
    private static final int PROTOCOL_3 = 196608;

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<RoundTrip> completed = new ArrayList<>();
    private volatile boolean closed;

    /**
     * One client request: the SQL of each statement it executed ({@code "<startup>"} for a connection's start) and the
     * number of extended-protocol Sync messages it sent (each ends an implicit transaction when no BEGIN is open) and
     * of Parse messages (none once pgjdbc has switched a statement to a named server-side one: Bind only).
     */
    record RoundTrip(List<String> statements, int syncs, int parses) {
        /** Hikari's liveness check on borrow after idling (pgjdbc's isValid executes an empty query). */
        boolean isValidation() {
            return !statements.isEmpty() && statements.stream().allMatch(String::isEmpty);
        }

        @Override
        public String toString() {
            return String.join(" + ", statements.stream().map(s -> s.isEmpty() ? "<empty>" : s).toList());
        }
    }

    PostgresWireProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("pg-proxy-accept").start(this::acceptLoop);
    }

    /** A URL to {@code database} through this proxy, with TLS and GSS encryption off so the protocol is readable. */
    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + listener.getLocalPort() + "/" + database
                + "?sslmode=disable&gssEncMode=disable";
    }

    /** Forgets the round trips seen so far. */
    synchronized void reset() {
        completed.clear();
    }

    /** Round trips completed since the last reset, oldest first. */
    synchronized List<RoundTrip> roundTrips() {
        return List.copyOf(completed);
    }

    private synchronized void complete(RoundTrip roundTrip) {
        completed.add(roundTrip);
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(PostgresWireProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                Connection connection = new Connection();
                Thread.ofPlatform().daemon().name("pg-proxy-up").start(() -> upstream(client, server, connection));
                Thread.ofPlatform().daemon().name("pg-proxy-down").start(() -> downstream(server, client, connection));
            } catch (IOException e) {
                if (!closed) {
                    closeQuietly(listener);
                }
            }
        }
    }

    private void upstream(Socket client, Socket server, Connection connection) {
        try (InputStream in = client.getInputStream()) {
            OutputStream out = server.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                // One read is what the client sent before it paused; bytes are forwarded as they come.
                connection.fromClient(Arrays.copyOf(buffer, read));
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // A closed socket ends the pump; the other direction notices on its own.
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private void downstream(Socket server, Socket client, Connection connection) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(server.getInputStream()))) {
            OutputStream out = client.getOutputStream();
            while (true) {
                byte type = in.readByte();
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                if (body.length != length - 4) {
                    throw new EOFException();
                }
                if (type == 'Z') {
                    // Counted before forwarding: once the client sees the answer, its round trip is already recorded.
                    connection.answered();
                }
                out.write(ByteBuffer.allocate(5 + body.length).put(type).putInt(length).put(body).array());
                out.flush();
            }
        } catch (IOException e) {
            // As above.
        } finally {
            closeQuietly(client);
            closeQuietly(server);
            sockets.remove(client);
            sockets.remove(server);
        }
    }

    /** Protocol state of one client connection. */
    private final class Connection {
        private final Map<String, String> prepared = new HashMap<>();
        private byte[] unparsed = new byte[0];
        private boolean started;
        private int unanswered;
        private List<String> trip;
        private int syncs;
        private int parses;

        synchronized void fromClient(byte[] chunk) {
            if (unparsed.length == 0 && unanswered == 0) {
                trip = new ArrayList<>();
                syncs = 0;
                parses = 0;
            }
            ByteBuffer bytes = ByteBuffer.allocate(unparsed.length + chunk.length).put(unparsed).put(chunk).flip();
            while (true) {
                int headerLength = started ? 5 : 4;
                if (bytes.remaining() < headerLength) {
                    break;
                }
                bytes.mark();
                byte type = started ? bytes.get() : 0;
                int length = bytes.getInt();
                if (bytes.remaining() < length - 4) {
                    bytes.reset();
                    break;
                }
                byte[] body = new byte[length - 4];
                bytes.get(body);
                message(type, body);
            }
            unparsed = new byte[bytes.remaining()];
            bytes.get(unparsed);
        }

        private void message(byte type, byte[] body) {
            if (!started) {
                if (ByteBuffer.wrap(body).getInt() == PROTOCOL_3) {
                    started = true;
                    trip.add("<startup>");
                    unanswered++;
                }
                return;
            }
            switch (type) {
                case 'P' -> {
                    // Named statements are parsed once and then only bound: remember their SQL for later Binds.
                    parses++;
                    int nameEnd = indexOfZero(body, 0);
                    prepared.put(cString(body, 0), cString(body, nameEnd + 1));
                }
                case 'B' -> {
                    int portalEnd = indexOfZero(body, 0);
                    String statement = cString(body, portalEnd + 1);
                    trip.add(prepared.getOrDefault(statement, "<unknown statement " + statement + ">"));
                }
                case 'Q' -> {
                    trip.add(cString(body, 0));
                    unanswered++;
                }
                case 'S' -> {
                    unanswered++;
                    syncs++;
                }
                default -> {
                    // Describe, Execute, Close, Flush, Terminate, password: part of the current round trip.
                }
            }
        }

        synchronized void answered() {
            unanswered--;
            if (unanswered == 0 && trip != null) {
                complete(new RoundTrip(List.copyOf(trip), syncs, parses));
                trip = null;
            }
        }
    }

    private static int indexOfZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return bytes.length;
    }

    private static String cString(byte[] bytes, int from) {
        int end = indexOfZero(bytes, from);
        return new String(bytes, from, end - from, StandardCharsets.UTF_8).strip();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing during shutdown; nothing useful to do.
        }
    }
}
