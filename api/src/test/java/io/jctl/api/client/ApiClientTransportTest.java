package io.jctl.api.client;

import io.jctl.api.errors.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client's HTTP against a socket-level server that answers with exactly the bytes a test gives. */
class ApiClientTransportTest {
    private ServerSocket listener;
    private Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private ApiClient client;

    /** Answers every request of a connection with {@code answer.apply(n)} (n counts requests), then closes it if told. */
    private ApiClient serve(IntFunction<String> answer, boolean closeAfterFirst) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger requests = new AtomicInteger();
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    open.add(s);
                    connections.incrementAndGet();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    String head;
                    while ((head = readRequest(in)) != null) {
                        heads.add(head);
                        out.write(answer.apply(requests.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        if (closeAfterFirst) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    // listener closed, or the client went away
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        client = new ApiClient(ClientConfig.builder("http://127.0.0.1:" + listener.getLocalPort())
                .token("t0ken").requestTimeout(Duration.ofSeconds(10)).build());
        return client;
    }

    /** Reads a request's head and its Content-Length body; null at the end of the connection. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                for (String line : s.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                    }
                }
                return s;
            }
        }
        return null;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (listener != null) {
            listener.close();
            for (Socket s : open) {
                s.close();
            }
            acceptor.join(5000);
        }
    }

    @Test
    void aKeptConnectionTheServerClosedIsReplacedWithoutFailingTheRequest() throws Exception {
        ApiClient api = serve(n -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true);
        for (int i = 0; i < 3; i++) {
            RawResponse r = api.raw("POST", "/x", "{}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyString()).isEqualTo("ok");
        }
        assertThat(connections.get()).isEqualTo(3);
    }

    @Test
    void chunkedAnswersAreReassembledAndTheConnectionKept() throws Exception {
        ApiClient api = serve(n -> "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-N: " + n
                + "\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n", false);
        for (int i = 1; i <= 2; i++) {
            RawResponse r = api.raw("GET", "/y", null);
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.bodyString()).isEqualTo("abcde");
            assertThat(r.header("X-N")).isEqualTo(Integer.toString(i));
        }
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void requestsCarryTheTokenAndJsonHeadersOverHttp11() throws Exception {
        ApiClient api = serve(n -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", false);
        api.raw("PUT", "/api/v1/namespaces/a/pods/b/status", "{\"x\":1}");
        String head = heads.get(0);
        assertThat(head).startsWith("PUT /api/v1/namespaces/a/pods/b/status HTTP/1.1\r\n");
        assertThat(head.toLowerCase()).contains("authorization: bearer t0ken\r\n", "accept: application/json\r\n",
                "content-type: application/json\r\n", "content-length: 7\r\n");
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        ApiClient api = serve(n -> "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n", false);
        assertThat(api.raw("GET", "/x", null).status()).isEqualTo(302);
        assertThat(heads).hasSize(1);
    }

    @Test
    void unavailableAnswersAreNotResentAndBecomeApiExceptions() throws Exception {
        ApiClient api = serve(n -> "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 4\r\n\r\nbusy", false);
        assertThatThrownBy(() -> api.bindPod("a", "b", "n1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(503));
        assertThat(heads).hasSize(1);
    }

    @Test
    void anAnswerThatDoesNotComeTimesOutAsATransportFailure() throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try {
                Socket s = listener.accept();
                open.add(s); // never answers
            } catch (IOException e) {
                // listener closed
            }
        });
        acceptor.start();
        client = new ApiClient(ClientConfig.builder("http://127.0.0.1:" + listener.getLocalPort())
                .requestTimeout(Duration.ofMillis(300)).build());
        assertThatThrownBy(() -> client.raw("GET", "/x", null)).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> client.configMaps().watch("a", ListOptions.all(), new WatchListener<>() {
            @Override
            public void onEvent(WatchEvent<io.fabric8.kubernetes.api.model.ConfigMap> event) {
            }

            @Override
            public void onClose(Throwable cause) {
            }
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("no answer within");
    }

    @Test
    void aWatchIsReadAsItComesAndClosingItEndsItsConnection() throws Exception {
        String event = "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"a\",\"resourceVersion\":\"5\"}}}\n";
        ApiClient api = serve(n -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(event.length()) + "\r\n" + event + "\r\n", false);
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<Boolean> closed = new AtomicReference<>();
        Watch w = api.configMaps().watch("a", ListOptions.all(), new WatchListener<>() {
            @Override
            public void onEvent(WatchEvent<io.fabric8.kubernetes.api.model.ConfigMap> e) {
                seen.set(e.type() + " " + e.object().getMetadata().getName() + " " + e.resourceVersion());
            }

            @Override
            public void onClose(Throwable cause) {
                closed.set(cause == null);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.get() != null);
        assertThat(seen.get()).isEqualTo("ADDED c 5");
        assertThat(w.isOpen()).isTrue();
        w.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() != null);
        assertThat(closed.get()).isTrue();
        assertThat(w.isOpen()).isFalse();
    }
}
