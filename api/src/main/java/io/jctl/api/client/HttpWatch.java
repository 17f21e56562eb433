package io.jctl.api.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/** Reads one newline-delimited {@code {"type","object"}} watch stream on its own daemon thread. */
final class HttpWatch<T> implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(HttpWatch.class);

    private final String path;
    private final InputStream body;
    private final Function<ObjectNode, T> decode;
    /** The class events' objects are read into directly, or null to go through {@link #decode}. */
    private final Class<? extends HasMetadata> type;
    private final WatchListener<T> listener;
    private final Thread thread;
    private volatile boolean open = true;
    private volatile boolean closeRequested;
    private volatile boolean reading;

    private HttpWatch(String path, InputStream body, Class<? extends HasMetadata> type, Function<ObjectNode, T> decode,
                      WatchListener<T> listener) {
        this.path = path;
        this.body = body;
        this.type = type;
        this.decode = decode;
        this.listener = listener;
        this.thread = new Thread(this::run, "jctl-watch " + path);
        this.thread.setDaemon(true);
    }

    /**
     * @param type the class of {@code T} when {@code decode} does no more than read a tree into
     *             it (objects are then read without the tree), else null
     */
    static <T> HttpWatch<T> start(String path, InputStream body, Class<? extends HasMetadata> type,
                                  Function<ObjectNode, T> decode, WatchListener<T> listener) {
        HttpWatch<T> w = new HttpWatch<>(path, body, type, decode, listener);
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

    /**
     * Reads the events with one streaming parser over the body: the stream is a sequence of
     * JSON objects (one a line), and reading them as root values of one parser saves decoding
     * each line into a String and a parser per event.
     */
    private void run() {
        Throwable failure = null;
        try (JsonParser p = Json.mapper().createParser(body)) {
            while (!closeRequested) {
                JsonToken start;
                reading = true;
                try {
                    start = p.nextToken();
                    if (start == null || closeRequested) {
                        break;
                    }
                    if (start != JsonToken.START_OBJECT) {
                        throw new IOException("watch " + path + " sent a line that is not a JSON object");
                    }
                    WatchEvent<T> event = read(p);
                    reading = false;
                    deliver(event);
                } finally {
                    reading = false;
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

    private void deliver(WatchEvent<T> event) {
        if (closeRequested) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            // One bad handler must not end the stream for everyone else.
            LOG.warn("watch listener of {} failed on a {} event", path, event.type(), e);
        }
    }

    /**
     * Reads one event, the parser on its opening brace. When "type" comes before "object" (as
     * the api-server writes them) and is not ERROR, the object is read straight into its class:
     * a JSON tree first, then the object from the tree, was most of what a watch cost its reader.
     */
    private WatchEvent<T> read(JsonParser p) throws IOException {
        String typeName = null;
        JsonNode tree = null;
        HasMetadata typed = null;
        boolean sawObject = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("type".equals(field)) {
                typeName = value == JsonToken.VALUE_STRING ? p.getText() : "";
            } else if ("object".equals(field)) {
                sawObject = true;
                if (value == JsonToken.START_OBJECT && type != null && typeName != null && !"ERROR".equals(typeName)) {
                    typed = Json.mapper().readValue(p, type);
                } else {
                    tree = Json.mapper().readTree(p);
                }
            } else {
                p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IOException("watch " + path + " ended in the middle of an event");
        }
        if (typeName == null) {
            typeName = "";
        }
        WatchEvent.Type type;
        try {
            type = WatchEvent.Type.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw new IOException("watch " + path + " sent an event of unknown type \"" + typeName + "\"");
        }
        if (!sawObject || (typed == null && (tree == null || !tree.isObject()))) {
            throw new IOException("watch " + path + " sent a " + typeName + " event without an object");
        }
        if (type == WatchEvent.Type.ERROR) {
            ApiException error = ApiException.fromStatus((ObjectNode) tree, tree.path("code").asInt(500));
            return new WatchEvent<>(type, null, null, error);
        } else if (typed != null) {
            String rv = typed.getMetadata() == null ? null : typed.getMetadata().getResourceVersion();
            @SuppressWarnings("unchecked")
            T object = (T) typed;
            return new WatchEvent<>(type, object, rv, null);
        } else {
            String rv = tree.path("metadata").path("resourceVersion").asText(null);
            return new WatchEvent<>(type, decode.apply((ObjectNode) tree), rv, null);
        }
    }
}
