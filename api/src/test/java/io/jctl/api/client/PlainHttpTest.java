package io.jctl.api.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

class PlainHttpTest {
    private static final Duration T = Duration.ofSeconds(10);

    private ServerSocket listener;
    private Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();

    /** Answers every request of a connection with {@code answer.apply(n)} (n counts requests), then closes it if told. */
    private PlainHttp serve(IntFunction<String> answer, boolean closeAfterFirst) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger requests = new AtomicInteger();
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    connections.incrementAndGet();
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    while (readHead(in)) {
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
        return new PlainHttp(URI.create("http://127.0.0.1:" + listener.getLocalPort()), T);
    }

    private static boolean readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String s = head.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return true;
            }
        }
        return false;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (listener != null) {
            listener.close();
            acceptor.join(5000);
        }
    }

    @Test
    void aKeptConnectionTheServerClosedIsReplacedWithoutFailingTheRequest() throws Exception {
        PlainHttp http = serve(n -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true);
        for (int i = 0; i < 3; i++) {
            PlainHttp.Answer a = http.exchange("POST", "/x", List.of("Accept", "application/json"), "application/json",
                    "{}".getBytes(StandardCharsets.UTF_8), T);
            assertThat(a.status()).isEqualTo(200);
            assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        }
        assertThat(connections.get()).isEqualTo(3);
        http.close();
    }

    @Test
    void chunkedAnswersAreReassembledAndTheConnectionKept() throws Exception {
        PlainHttp http = serve(n -> "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\nX-N: " + n
                + "\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n", false);
        for (int i = 1; i <= 2; i++) {
            PlainHttp.Answer a = http.exchange("GET", "/y", List.of(), null, null, T);
            assertThat(a.status()).isEqualTo(201);
            assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("abcde");
            assertThat(a.headers()).containsEntry("x-n", List.of(Integer.toString(i)));
        }
        assertThat(connections.get()).isEqualTo(1);
        http.close();
    }

    @Test
    void aStreamedAnswerIsReadAsItComesAndClosingItEndsTheConnection() throws Exception {
        PlainHttp http = serve(n -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{}\n\n\r\n", false);
        PlainHttp.Streamed s = http.stream("/watch", List.of(), T);
        assertThat(s.status()).isEqualTo(200);
        byte[] buf = new byte[16];
        assertThat(s.body().read(buf, 0, 16)).isEqualTo(4);
        Thread closer = new Thread(() -> {
            try {
                Thread.sleep(200);
                s.body().close();
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
        });
        closer.start();
        try {
            s.body().read(buf, 0, 16); // blocks until closed
        } catch (IOException expected) {
            // a closed socket ends the read
        }
        closer.join();
    }
}
