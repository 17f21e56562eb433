package io.jctl.e2e.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.0 GET from this machine on a new connection, as a client outside the cluster makes it:
 * every call is a new connection, so that each one goes through the node's NAT rules again.
 */
final class HostHttp {
    private HostHttp() {
    }

    /** The body of {@code GET /} on {@code host:port}, or an IOException (refused, timed out, not 200). */
    static String get(String host, int port, int connectTimeoutMillis) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.") || !response.contains(" 200 ") || body < 0) {
                throw new IOException(host + ":" + port + " answered " + response.lines().findFirst().orElse("nothing"));
            }
            return response.substring(body + 4);
        }
    }
}
