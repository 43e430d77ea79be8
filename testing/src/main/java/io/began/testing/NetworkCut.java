package io.began.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of the Kafka broker, which advertises the relay's port, so every client (the
 * service's and the test's) talks through it. {@link #cut()} drops every connection and refuses new ones, as a broker
 * outage or a partition does; {@link #restore()} ends it.
 */
public final class NetworkCut implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    /** A relay on a free loopback port to {@code targetPort} on loopback, accepting at once. */
    public NetworkCut(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "network-cut-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** The relay's port: what the broker advertises and clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** The outage begins: every open connection is dropped and new ones are refused. */
    public void cut() {
        down = true;
        for (Socket s : open) {
            close(s);
        }
        open.clear();
    }

    /** The outage ends: new connections go through again. */
    public void restore() {
        down = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down) {
                    close(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // server closed, or the broker refused: the client sees a dropped connection and retries
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            out.write(buf, 0, n);
                        }
                    } catch (IOException e) {
                        // connection cut
                    } finally {
                        close(from);
                        close(to);
                    }
                },
                "network-cut-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
