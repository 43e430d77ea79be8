package io.began.stack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Random and malformed requests to one service, seeded and so reproducible: paths from the service's routes with run
 * ids such as {@code ..}, {@code %2F}, NUL and unicode, or made up; parameters of every wrong kind; wrong and missing
 * content types, tokens and headers; bodies empty, truncated, oversize, deeply nested, huge, not UTF-8, of the wrong
 * shape, cut off on the wire. Every answer must be below 500 and name no stack frame or internal class.
 */
final class HttpFuzz {

    /** A route of the service: method and path, {@code {id}} standing for a run (or sweep) id. */
    record Route(String method, String path, List<String> params) {}

    /**
     * One request as sent, and its answer; {@code broken}: its HTTP framing is (a body cut off, chunks that are no
     * chunks), which a server may answer with 400 or by closing the connection, as Vert.x does.
     */
    record Exchange(String request, RawHttp.Response response, boolean broken) {}

    /** What the service's answers add up to. */
    record Report(
            String service,
            int requests,
            Map<Integer, Integer> statuses,
            int unanswered,
            int bodiesChecked,
            List<String> failures,
            double seconds) {}

    /** What must never be in an answer: a stack frame, an exception or an internal class name. */
    static final Pattern LEAK = Pattern.compile(
            "Exception|Error:|\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(|\\.java:\\d+|io\\.began\\.|io\\.quarkus\\.|io\\.vertx\\."
                    + "|io\\.netty\\.|io\\.smallrye\\.|org\\.jboss\\.|com\\.fasterxml\\.|java\\.(lang|util|io)\\.");

    private static final String[] IDS = {
        "..",
        "%2e%2e",
        "..%2F..%2Fetc%2Fpasswd",
        "%2F",
        "a%2Fb",
        "%00",
        "a%00b",
        "%C3%A9t%C3%A9",
        "%F0%9F%99%82",
        "%FF%FE",
        "%",
        "%zz",
        "x".repeat(3000),
        "-",
        "_",
        "RUN",
        "run id",
        "run%20id",
        "'%22%3E%3Cscript%3E",
        "%0d%0aSet-Cookie:x",
        "null",
        "0",
        "-1",
        "chaos-1",
        "nobody"
    };
    private static final String[] VALUES = {
        "-1",
        "0",
        "1",
        "64",
        "65",
        "4096",
        "99999999999999999999",
        "1e99",
        "NaN",
        "Infinity",
        "abc",
        "",
        "%00",
        "%F0%9F%99%82",
        "%FF",
        "1.5",
        "0x10",
        "true",
        "x".repeat(5000),
        "latest",
        "linear",
        "slerp",
        "bogus"
    };
    private static final String[] CONTENT_TYPES = {
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=latin-1",
        "text/plain",
        "application/xml",
        "image/png",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "a/b/c",
        "",
        ";;;",
        "*/*"
    };
    private static final String[] ACCEPTS = {
        "*/*", "application/json", "image/png", "text/html", "text/event-stream", "application/xml", "garbage", ""
    };
    private static final String[] SEGMENTS = {
        "api",
        "runs",
        "sweeps",
        "classifiers",
        "q",
        "health",
        "metrics",
        "samples.png",
        "..",
        ".",
        "%00",
        "%2F",
        "%C3%A9",
        "index.html",
        "dashboard.js",
        "WEB-INF",
        "~",
        "%"
    };

    private final Random random;
    private final int port;
    private final String token;
    private final List<Route> routes;

    HttpFuzz(long seed, int port, String token, List<Route> routes) {
        this.random = new Random(seed);
        this.port = port;
        this.token = token;
        this.routes = routes;
    }

    /** Sends {@code count} requests one after another and checks each answer. */
    Report run(String service, int count) throws IOException {
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int unanswered = 0;
        int checked = 0;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Exchange e = next();
            RawHttp.Response r = e.response();
            statuses.merge(r.status(), 1, Integer::sum);
            if (!r.answered()) {
                unanswered++;
                // a request whose framing is broken may get no answer; every other request gets one
                if (!e.broken()) {
                    failures.add("no answer" + (r.timedOut() ? " (timed out)" : "") + " to " + e.request());
                }
                continue;
            }
            if (r.status() >= 500) {
                failures.add(r.status() + " for " + e.request() + ": " + abbreviate(r.bodyText()));
            }
            if (r.status() >= 300 || r.contentType().startsWith("application/json")) {
                checked++;
                var leak = LEAK.matcher(r.bodyText());
                if (leak.find()) {
                    failures.add("'" + leak.group() + "' in the answer " + r.status() + " to " + e.request() + ": "
                            + abbreviate(r.bodyText()));
                }
            }
        }
        return new Report(service, count, statuses, unanswered, checked, failures, (System.nanoTime() - start) / 1e9);
    }

    private Exchange next() throws IOException {
        Route route = routes.get(random.nextInt(routes.size()));
        String method = random.nextInt(10) < 8
                ? route.method()
                : pick(new String[] {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FOO"});
        boolean mutating = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        boolean authorized = mutating && random.nextBoolean();
        String id = pick(IDS);
        if (authorized && id.equals("chaos-1")) {
            id = "nobody"; // the token may do anything: the fuzz must not stop or resume the test's own run
        }
        String path = random.nextInt(10) == 0 ? madeUpPath() : route.path().replace("{id}", id);
        StringBuilder query = new StringBuilder();
        List<String> params = new ArrayList<>(route.params());
        params.add("zzz");
        for (String p : params) {
            if (random.nextInt(3) == 0) {
                query.append(query.isEmpty() ? '?' : '&').append(p).append('=').append(pick(VALUES));
            }
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
        if (random.nextInt(25) == 0) {
            // bytes no client would put in a request line: raw UTF-8, a lone 0xFF, a control character
            head.writeBytes(path.getBytes(StandardCharsets.US_ASCII));
            head.writeBytes(pick(new byte[][] {"é".getBytes(StandardCharsets.UTF_8), {(byte) 0xff}, {0x01}}));
        } else {
            head.writeBytes((path + query).getBytes(StandardCharsets.US_ASCII));
        }
        head.writeBytes(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".getBytes(StandardCharsets.US_ASCII));
        String contentType = pick(CONTENT_TYPES);
        if (!contentType.isEmpty()) {
            header(head, "Content-Type", contentType);
        }
        String accept = pick(ACCEPTS);
        if (!accept.isEmpty()) {
            header(head, "Accept", accept);
        }
        if (authorized) {
            header(head, "Authorization", "Bearer " + token);
        } else if (random.nextBoolean()) {
            header(head, "Authorization", pick(new String[] {
                "Bearer wrong",
                "Bearer",
                "Basic YTpi",
                "bearer " + token.substring(1),
                "Bearer " + token + "x",
                "Bearer " + "t".repeat(10000),
                "%00"
            }));
        }
        if (random.nextInt(20) == 0) {
            header(head, "X-Fuzz", "v".repeat(random.nextInt(40_000)));
        }
        byte[] body = null;
        boolean cut = false;
        boolean chunked = false;
        if (mutating || random.nextInt(10) == 0) {
            int kind = random.nextInt(authorized ? 10 : 13);
            body = body(kind);
            cut = kind == 9;
            chunked = kind == 8;
        }
        if (chunked) {
            header(head, "Transfer-Encoding", "chunked");
        } else if (body != null) {
            header(head, "Content-Length", Integer.toString(body.length));
        }
        String described = new String(head.toByteArray(), 0, Math.min(200, head.size()), StandardCharsets.ISO_8859_1)
                        .replace("\r\n", " | ")
                + (body == null ? "" : " + " + body.length + " body bytes");
        return new Exchange(described, RawHttp.send(port, head.toByteArray(), body, cut, 30_000), cut || chunked);
    }

    /**
     * A body of one kind; kinds 0..9 are never a valid request, so a request with the token changes nothing; 10..12
     * (empty, {}, null) may be valid and are only sent without it.
     */
    private byte[] body(int kind) {
        return switch (kind) {
            case 0 -> randomBytes(1 + random.nextInt(2000));
            case 1 ->
                bytes(
                        "{\"runId\": \"\u00e9\", \"x\": \"",
                        new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28},
                        "\"}");
            case 2 -> {
                String full = "{\"runId\": \"fuzz\", \"steps\": 10, \"gamma\": 0.5, \"dataset\": \"fashion-mnist\"}";
                yield full.substring(0, 1 + random.nextInt(full.length() - 2)).getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> ("[".repeat(50_000 + random.nextInt(50_000))).getBytes(StandardCharsets.US_ASCII);
            case 4 -> {
                StringBuilder nested = new StringBuilder();
                int depth = 2000 + random.nextInt(3000);
                nested.append("{\"a\":".repeat(depth)).append("1").append("}".repeat(depth));
                yield nested.toString().getBytes(StandardCharsets.US_ASCII);
            }
            case 5 -> {
                StringBuilder huge = new StringBuilder("[");
                for (int i = 0; i < 200_000; i++) {
                    huge.append(i).append(',');
                }
                yield huge.append("0]").toString().getBytes(StandardCharsets.US_ASCII);
            }
            case 6 ->
                pick(new String[] {
                            "{\"runId\": {\"x\": [1]}}",
                            "{\"steps\": {}}",
                            "{\"dataset\": [1, 2]}",
                            "{\"gamma\": \"half\", \"runId\": []}",
                            "\"a string\"",
                            "42",
                            "true",
                            "[]",
                            "{\"runId\": \"a\\u0000b\", \"steps\": {}}",
                            "{\"runId\": \"\\ud83d\\ude42\", \"imageSize\": []}",
                            "{\"dataset\": {\"$ref\": \"#\"}}"
                        })
                        .getBytes(StandardCharsets.UTF_8);
            case 7 -> random.nextInt(8) == 0 ? new byte[11 * 1024 * 1024] : randomBytes(100_000);
            case 8 -> "zz\r\nnot a chunk\r\n0\r\n".getBytes(StandardCharsets.US_ASCII);
            case 9 ->
                "{\"runId\": \"cut\", \"steps\": 10, \"note\": \"the client dies here\"}"
                        .getBytes(StandardCharsets.UTF_8);
            case 10 -> new byte[0];
            case 11 -> "{}".getBytes(StandardCharsets.US_ASCII);
            default -> "null".getBytes(StandardCharsets.US_ASCII);
        };
    }

    private String madeUpPath() {
        StringBuilder path = new StringBuilder();
        int segments = 1 + random.nextInt(6);
        for (int i = 0; i < segments; i++) {
            path.append('/').append(random.nextBoolean() ? pick(SEGMENTS) : pick(IDS));
        }
        return random.nextInt(5) == 0 ? path + "/" : path.toString();
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream head, String name, String value) {
        head.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
