package io.jctl.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Reads one newline-delimited {@code {"type","object"}} watch stream on its own daemon thread. */
final class HttpWatch<T> implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(HttpWatch.class);

    private final String path;
    private final InputStream body;
    private final Function<ObjectNode, T> decode;
    private final WatchListener<T> listener;
    private final Thread thread;
    private volatile boolean open = true;
    private volatile boolean closeRequested;
    private volatile boolean reading;

    private HttpWatch(String path, InputStream body, Function<ObjectNode, T> decode, WatchListener<T> listener) {
        this.path = path;
        this.body = body;
        this.decode = decode;
        this.listener = listener;
        this.thread = new Thread(this::run, "jctl-watch " + path);
        this.thread.setDaemon(true);
    }

    static <T> HttpWatch<T> start(String path, InputStream body, Function<ObjectNode, T> decode, WatchListener<T> listener) {
        HttpWatch<T> w = new HttpWatch<>(path, body, decode, listener);
        w.thread.start();
        return w;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        try {
            body.close();
        } catch (IOException e) {
            // closing is best effort; the interrupt below ends the read either way
        }
        // The JDK's response stream may not wake a blocked reader on close; an interrupt does.
        // Only while reading, so listener code is never interrupted.
        if (reading && Thread.currentThread() != thread) {
            thread.interrupt();
        }
    }

    private void run() {
        Throwable failure = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            while (!closeRequested) {
                String line;
                reading = true;
                try {
                    line = in.readLine();
                } finally {
                    reading = false;
                }
                if (line == null || closeRequested) {
                    break;
                }
                if (!line.isBlank()) {
                    deliver(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = closeRequested ? null : e;
        } finally {
            Thread.interrupted();
            open = false;
            try {
                listener.onClose(failure);
            } catch (RuntimeException e) {
                LOG.warn("watch listener of {} failed in onClose", path, e);
            }
        }
    }

    private void deliver(String line) throws IOException {
        JsonNode n = Json.mapper().readTree(line);
        String typeName = n.path("type").asText();
        WatchEvent.Type type;
        try {
            type = WatchEvent.Type.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new IOException("watch " + path + " sent an event of unknown type \"" + typeName + "\"");
        }
        JsonNode obj = n.get("object");
        if (obj == null || !obj.isObject()) {
            throw new IOException("watch " + path + " sent a " + typeName + " event without an object");
        }
        WatchEvent<T> event;
        if (type == WatchEvent.Type.ERROR) {
            ApiException error = ApiException.fromStatus((ObjectNode) obj, obj.path("code").asInt(500));
            event = new WatchEvent<>(type, null, null, error);
        } else {
            String rv = obj.path("metadata").path("resourceVersion").asText(null);
            event = new WatchEvent<>(type, decode.apply((ObjectNode) obj), rv, null);
        }
        if (closeRequested) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            // One bad handler must not end the stream for everyone else.
            LOG.warn("watch listener of {} failed on a {} event", path, type, e);
        }
    }
}
