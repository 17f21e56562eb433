package io.jctl.cli.daemon;

import io.jctl.cli.Invocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One invocation as the client sends it (see jctl-client.c): NUL-terminated strings, namely the
 * working directory, three terminal flags ({@code y}/{@code n} for fds 0, 1, 2), argc and the
 * arguments, the number of environment entries and the {@code NAME=VALUE} entries.
 */
record Request(Path cwd, Invocation.Terminals terminals, String[] args, Map<String, String> env) {
    static final int MAX_PAYLOAD = 16 << 20;

    static Request parse(byte[] payload) throws IOException {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                fields.add(new String(payload, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != payload.length || fields.size() < 4) {
            throw new IOException("malformed request");
        }
        int at = 0;
        Path cwd = Path.of(fields.get(at++));
        String ttys = fields.get(at++);
        if (!cwd.isAbsolute() || ttys.length() != 3) {
            throw new IOException("malformed request");
        }
        Invocation.Terminals terminals = new Invocation.Terminals(ttys.charAt(0) == 'y', ttys.charAt(1) == 'y',
                ttys.charAt(2) == 'y');
        int argc = count(fields.get(at++));
        if (at + argc >= fields.size()) {
            throw new IOException("malformed request");
        }
        String[] args = fields.subList(at, at + argc).toArray(String[]::new);
        at += argc;
        int envc = count(fields.get(at++));
        if (at + envc != fields.size()) {
            throw new IOException("malformed request");
        }
        Map<String, String> env = new HashMap<>();
        for (String kv : fields.subList(at, at + envc)) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IOException("malformed request");
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return new Request(cwd, terminals, args, Map.copyOf(env));
    }

    private static int count(String s) throws IOException {
        try {
            int n = Integer.parseInt(s);
            if (n < 0) {
                throw new IOException("malformed request");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("malformed request");
        }
    }
}
