package io.began.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, so a fuzz request can be anything on the wire: bytes in the request line that no
 * client library would send, a Content-Length that lies, a body cut off, chunks of a made-up size.
 */
final class RawHttp {

    /** What came back: the status (0 when the server closed without answering), the head and the body's bytes. */
    record Response(int status, String head, byte[] body, boolean timedOut) {

        boolean answered() {
            return status > 0;
        }

        String contentType() {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return "";
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {}

    /**
     * Sends {@code head} (request line and headers, without the blank line) and {@code body}; with
     * {@code cutBody} the body is sent only in half and the connection half-closed, as a client that died would.
     */
    static Response send(int port, byte[] head, byte[] body, boolean cutBody, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                try {
                    out.write(body, 0, cutBody ? body.length / 2 : body.length);
                } catch (IOException e) {
                    // the server answered early (413, 400) and closed: read what it said
                }
            }
            out.flush();
            if (cutBody) {
                socket.shutdownOutput();
            }
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int headEnd = -1;
        boolean timedOut = false;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
                if (headEnd < 0) {
                    headEnd = indexOf(all.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    // an event stream does not end: its head is the answer
                    if (headEnd >= 0
                            && new String(all.toByteArray(), 0, headEnd, StandardCharsets.ISO_8859_1)
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .contains("text/event-stream")) {
                        break;
                    }
                }
                if (all.size() > 64 * 1024 * 1024) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            timedOut = true;
        } catch (IOException e) {
            // reset by the server after its answer: what was read is the answer
        }
        byte[] bytes = all.toByteArray();
        if (headEnd < 0) {
            headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (headEnd < 0) {
            return new Response(0, new String(bytes, StandardCharsets.ISO_8859_1), new byte[0], timedOut);
        }
        String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
        int status = 0;
        String[] statusLine = head.split("\r\n", 2)[0].split(" ");
        if (statusLine.length >= 2 && statusLine[0].startsWith("HTTP/")) {
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                status = 0;
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        return new Response(status, head, body, timedOut);
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
