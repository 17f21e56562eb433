package io.jctl.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The status line and headers of an HTTP/1.1 response, read byte by byte off the socket. */
record HttpResponseHead(int status, String reason, Map<String, List<String>> headers) {

    static HttpResponseHead read(InputStream in) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new java.io.EOFException("the server closed the connection before answering");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        Map<String, List<String>> headers = new TreeMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new java.util.ArrayList<>()).add(line.substring(colon + 1).trim());
            }
        }
        return new HttpResponseHead(status, parts.length > 2 ? parts[2] : "", headers);
    }

    String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    boolean chunked() {
        String te = header("transfer-encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    long contentLength() {
        String cl = header("content-length");
        return cl == null ? -1 : Long.parseLong(cl.trim());
    }

    boolean closesConnection() {
        String c = header("connection");
        return c != null && c.equalsIgnoreCase("close");
    }

    /** One CRLF- (or LF-) terminated line in ISO-8859-1, or null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) b);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
