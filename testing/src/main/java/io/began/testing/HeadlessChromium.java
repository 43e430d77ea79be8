package io.began.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.io.ScratchDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A page open in real headless Chromium (Debian's {@code chromium}), driven over the DevTools protocol with the JDK's
 * WebSocket client: the page runs its scripts and keeps its SSE stream open as in a user's browser, and a test reads
 * its DOM with {@link #evaluate} (polled with Awaitility), the errors its console shows with {@link #errors}, and keeps
 * a {@link #screenshot}.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Where Debian's package puts it; {@code BEGAN_CHROMIUM} names another. */
    public static final Path BINARY = Path.of(System.getenv().getOrDefault("BEGAN_CHROMIUM", "/usr/bin/chromium"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final ScratchDir profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, ScratchDir profile, String pageSocket) {
        this.process = process;
        this.profile = profile;
        this.socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new Replies())
                .join();
        // from here on the console's errors arrive as events; those from before are sent when each domain is enabled
        call("Runtime.enable", JSON.createObjectNode());
        call("Log.enable", JSON.createObjectNode());
    }

    /** Starts Chromium on {@code url} in a fresh profile, with a window of the given size. */
    public static HeadlessChromium open(String url, int width, int height) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install chromium (.ci/run does)");
        }
        ScratchDir profile = ScratchDir.create("began-chromium");
        int port = freePort();
        try {
            Process process = new ProcessBuilder(List.of(
                            BINARY.toString(),
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run",
                            "--user-data-dir=" + profile.path(),
                            "--remote-debugging-address=127.0.0.1",
                            "--remote-debugging-port=" + port,
                            "--window-size=" + width + "," + height,
                            url))
                    .redirectErrorStream(true)
                    .redirectOutput(profile.resolve("chromium.log").toFile())
                    .start();
            String pageSocket = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> pageSocket(port), s -> s != null);
            return new HeadlessChromium(process, profile, pageSocket);
        } catch (IOException e) {
            profile.close();
            throw new UncheckedIOException(e);
        }
    }

    private static String pageSocket(int port) throws IOException, InterruptedException {
        HttpResponse<String> list = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(list.body())) {
            if (target.path("type").asText().equals("page")) {
                return target.path("webSocketDebuggerUrl").asText();
            }
        }
        return null;
    }

    /** The value of a JavaScript expression in the page (a promise is awaited); JSON-serialisable values only. */
    public JsonNode evaluate(String expression) {
        ObjectNode params = JSON.createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * What the page's console has shown as errors so far: uncaught exceptions, {@code console.error} calls and failed
     * loads (a 404 image or fetch, a script that does not load), one line each.
     */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** A PNG of the whole page, written to {@code file}. */
    public void screenshot(Path file) {
        JsonNode shot = call(
                "Page.captureScreenshot",
                JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(message.toString(), true).join();
        try {
            JsonNode answer = reply.get(30, TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + ": " + answer.path("error"));
            }
            return answer.path("result");
        } catch (Exception e) {
            throw new IllegalStateException(method + " got no answer from Chromium: " + e.getMessage(), e);
        } finally {
            replies.remove(id);
        }
    }

    /** The console's error events as one line each; other events are ignored. */
    private void event(String method, JsonNode params) {
        switch (method) {
            case "Runtime.exceptionThrown" -> {
                JsonNode details = params.path("exceptionDetails");
                errors.add("exception: "
                        + details.path("exception")
                                .path("description")
                                .asText(details.path("text").asText()) + " at "
                        + details.path("url").asText() + ":"
                        + details.path("lineNumber").asInt());
            }
            case "Runtime.consoleAPICalled" -> {
                if (List.of("error", "assert").contains(params.path("type").asText())) {
                    StringBuilder line = new StringBuilder("console.")
                            .append(params.path("type").asText())
                            .append(":");
                    params.path("args")
                            .forEach(a -> line.append(' ')
                                    .append(a.path("value")
                                            .asText(a.path("description").asText())));
                    errors.add(line.toString());
                }
            }
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                if (entry.path("level").asText().equals("error")) {
                    errors.add(entry.path("source").asText() + ": "
                            + entry.path("text").asText() + " "
                            + entry.path("url").asText());
                }
            }
            default -> {}
        }
    }

    /** Collects frames into messages and completes the call each reply answers; events go to {@link #event}. */
    private final class Replies implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("method")) {
                        event(message.path("method").asText(), message.path("params"));
                    }
                    CompletableFuture<JsonNode> reply =
                            replies.get(message.path("id").asInt(-1));
                    if (reply != null) {
                        reply.complete(message);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    partial.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            profile.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
