package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.rest.TableConverter;
import io.jctl.apiserver.storage.CompactedException;
import io.jctl.apiserver.storage.StoreException;
import io.jctl.apiserver.watch.CachedEvent;
import io.jctl.apiserver.watch.Subscription;
import io.jctl.apiserver.watch.WatchSink;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One watch: one {@code {"type","object"}} JSON event per line (or WebSocket frame, see
 * {@link WatchTransport}), as kube-apiserver streams it. Events are written on the connection's event loop; a client that
 * falls more than {@link #MAX_PENDING_BYTES} behind is cut off and re-watches from its last
 * resourceVersion, so one slow watcher never holds up the others.
 */
final class WatchStream implements WatchSink {
    static final long MAX_PENDING_BYTES = 32L * 1024 * 1024;
    private final Vertx vertx;
    private final Context context;
    private final WatchTransport transport;
    private final ResourceType<?> type;
    private final boolean table;
    /** A coalesced write is cut at about this size so that one write never holds much memory. */
    private static final int MAX_WRITE_BYTES = 256 * 1024;
    private final AtomicLong pending = new AtomicLong();
    /** Lines written but not yet handed to the transport, oldest first. */
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean open = true;
    private volatile Subscription subscription;
    private final List<Long> timers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Runnable onEnd = () -> { };

    /** Call on the connection's event loop. */
    WatchStream(Vertx vertx, Context context, WatchTransport transport, ResourceType<?> type, boolean table) {
        this.vertx = vertx;
        this.context = context;
        this.transport = transport;
        this.type = type;
        this.table = table;
        transport.onClose(this::end);
    }

    /** Opens the stream at once so clients see the watch established before the first event. */
    void begin() {
        context.runOnContext(v -> {
            if (open) {
                transport.begin();
            }
        });
    }

    void attach(Subscription s, long timeoutMillis, long bookmarkMillis) {
        this.subscription = s;
        context.runOnContext(v -> {
            timers.add(vertx.setTimer(timeoutMillis, t -> end()));
            if (bookmarkMillis > 0) {
                timers.add(vertx.setPeriodic(bookmarkMillis, t -> bookmark()));
            }
        });
    }

    void onEnd(Runnable r) {
        this.onEnd = r;
    }

    /** Sends an object as an event outside the cache (the initial ADDED events). */
    void sendInitial(ObjectNode obj) {
        write(line("ADDED", encodeObject(obj)));
    }

    @Override
    public void send(String eventType, CachedEvent event) {
        byte[] line = table ? line(eventType, encodeObject(event.object()))
                : event.encoded(eventType, t -> line(t, event.objectJson()));
        write(line);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void terminate(StoreException cause) {
        if (cause instanceof CompactedException c) {
            error(ApiException.expired("too old resource version: " + c.requested() + " (" + c.compacted() + ")"));
        } else {
            end();
        }
    }

    /** Reports a failure as kube-apiserver does once the stream is open: an ERROR event. */
    void error(ApiException e) {
        write(line("ERROR", Json.toBytes(e.toStatus())));
        context.runOnContext(v -> end());
    }

    private void bookmark() {
        Subscription s = subscription;
        if (s == null || !open) {
            return;
        }
        ObjectNode obj = Json.newObject();
        obj.put("kind", type.kind());
        obj.put("apiVersion", type.apiVersion());
        obj.putObject("metadata").put("resourceVersion", Long.toString(s.lastRevision()));
        write(line("BOOKMARK", Json.toBytes(obj)));
    }

    private byte[] encodeObject(ObjectNode obj) {
        if (!table) {
            return Json.toBytes(obj);
        }
        long rv = Long.parseLong(obj.path("metadata").path("resourceVersion").asText("0"));
        return Json.toBytes(TableConverter.table(type, List.of(obj), rv, null, null, true));
    }

    private static byte[] line(String eventType, byte[] object) {
        byte[] head = ("{\"type\":\"" + eventType + "\",\"object\":").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + object.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(object, 0, out, head.length, object.length);
        out[out.length - 2] = '}';
        out[out.length - 1] = '\n';
        return out;
    }

    private void write(byte[] bytes) {
        if (!open) {
            return;
        }
        if (pending.addAndGet(bytes.length) > MAX_PENDING_BYTES) {
            context.runOnContext(v -> end());
            return;
        }
        queue.add(bytes);
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    /**
     * Sends what was queued since the last drain in one transport write: events come in bursts
     * (a store commit carries many writes), and each write costs a TLS record, a flush and a
     * system call, several times the cost of copying the lines together.
     */
    private void drain() {
        // Cleared before polling: a line queued after the last poll schedules the next drain.
        drainScheduled.set(false);
        List<byte[]> batch = new ArrayList<>();
        int batchBytes = 0;
        for (byte[] line; (line = queue.poll()) != null; ) {
            pending.addAndGet(-line.length);
            batch.add(line);
            batchBytes += line.length;
            if (batchBytes >= MAX_WRITE_BYTES) {
                send(batch);
                batch.clear();
                batchBytes = 0;
            }
        }
        send(batch);
    }

    private void send(List<byte[]> lines) {
        if (!open || lines.isEmpty()) {
            return;
        }
        if (lines.size() == 1) {
            transport.send(lines.get(0));
        } else {
            transport.sendAll(lines);
        }
    }

    /** Ends the watch; safe to call more than once and from any thread. */
    void end() {
        if (!open) {
            return;
        }
        open = false;
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
        onEnd.run();
        context.runOnContext(v -> {
            timers.forEach(vertx::cancelTimer);
            transport.end();
        });
    }
}
