package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.api.streaming.ChannelProtocol;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.client.WebSocketConnection;
import io.jctl.cli.daemon.ClientTerminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jctl exec POD [-c C] [-i] [-t] -- CMD…}: runs a command in a container over the
 * {@code pods/exec} WebSocket (channel protocol v5, else v4), as kubectl 1.32 does. The remote
 * command's exit code becomes jctl's.
 */
@Command(name = "exec", description = "Run a command in a container.")
public final class ExecCommand extends JctlCommand {
    @Parameters(index = "0", paramLabel = "POD | TYPE/NAME")
    String target;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "the command and its arguments, after --")
    List<String> command = new ArrayList<>();

    @Option(names = {"-c", "--container"}, description = "the container (default: the annotated default, else the first)")
    String container;

    @Option(names = {"-i", "--stdin"}, description = "pass stdin to the command")
    boolean stdin;

    @Option(names = {"-t", "--tty"}, description = "stdin is a terminal")
    boolean tty;

    @Option(names = {"-q", "--quiet"}, description = "print only what the command prints")
    boolean quiet;

    @Override
    protected int execute(Session s) {
        if (command.isEmpty()) {
            throw new CliException("error: you must specify at least one command for the container");
        }
        ObjectNode pod = PodTargets.pod(s, target);
        String phase = pod.path("status").path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            throw new CliException("error: cannot exec into a container in a completed pod; current phase is " + phase);
        }
        String c = PodTargets.container(s, pod, container, true, quiet);
        boolean useTty = tty && stdin;
        if (useTty && !s.terminals().in()) {
            useTty = false;
            if (!quiet) {
                s.err().println("Unable to use a TTY - input is not a terminal or the right kind of file");
            }
        }
        Queries q = new Queries();
        command.forEach(word -> q.add("command", word));
        q.add("container", c);
        if (stdin) {
            q.add("stdin", "true");
        }
        q.add("stdout", "true");
        if (!useTty) {
            q.add("stderr", "true");
        }
        if (useTty) {
            q.add("tty", "true");
        }
        String path = PodTargets.podPath(pod.path("metadata").path("namespace").asText(s.namespace()),
                pod.path("metadata").path("name").asText()) + "/exec" + q;
        WebSocketConnection ws = new WebSocketConnection(s.http().upgradeToWebSocket(path, ChannelProtocol.SUPPORTED));
        String terminal = useTty ? ClientTerminal.path(s.in()) : null;
        TerminalMode raw = useTty ? TerminalMode.raw(terminal) : null;
        try {
            if (useTty) {
                String size = TerminalMode.size(terminal);
                if (size != null) {
                    ws.send(ChannelProtocol.message(ChannelProtocol.RESIZE, size.getBytes(StandardCharsets.UTF_8)));
                }
            }
            if (stdin) {
                pumpStdin(s.in(), ws, ChannelProtocol.V5.equals(ws.subprotocol()));
            }
            byte[] status = demux(s, ws);
            return outcome(s, status);
        } catch (IOException e) {
            throw new CliException("error: the exec connection broke off: " + e.getMessage(), e);
        } finally {
            if (raw != null) {
                raw.close();
            }
            ws.close();
            if (stdin) {
                // The stdin copier may still wait for input; in the daemon that descriptor is about to be closed.
                closeQuietly(s.in());
            }
        }
    }

    /** Copies the remote output to ours until the server closes; returns what came on the error channel. */
    private static byte[] demux(Session s, WebSocketConnection ws) throws IOException {
        ByteArrayOutputStream status = new ByteArrayOutputStream();
        byte[] m;
        while ((m = ws.read()) != null) {
            if (m.length < 2) {
                continue;
            }
            switch (m[0]) {
                case ChannelProtocol.STDOUT -> {
                    s.out().write(m, 1, m.length - 1);
                    s.out().flush();
                }
                case ChannelProtocol.STDERR -> {
                    s.err().write(m, 1, m.length - 1);
                    s.err().flush();
                }
                case ChannelProtocol.ERROR -> status.write(m, 1, m.length - 1);
                default -> {
                }
            }
        }
        return status.toByteArray();
    }

    private static int outcome(Session s, byte[] status) {
        if (status.length == 0) {
            return 0;
        }
        int code;
        try {
            code = ChannelProtocol.exitCode(Json.readObject(status));
        } catch (IllegalStateException e) {
            throw new CliException("error: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new CliException("error: " + new String(status, StandardCharsets.UTF_8).trim());
        }
        if (code != 0) {
            s.err().println("command terminated with exit code " + code);
        }
        return code;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing more will be read from it anyway
        }
    }

    /** Sends our stdin on channel 0 until it ends, then (v5) says so; a daemon thread, as reads may block. */
    private static void pumpStdin(InputStream in, WebSocketConnection ws, boolean canClose) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[32 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    ws.send(ChannelProtocol.message(ChannelProtocol.STDIN, buf, 0, n));
                }
                if (canClose) {
                    ws.send(ChannelProtocol.close(ChannelProtocol.STDIN));
                }
            } catch (IOException e) {
                // the connection ended first
            }
        }, "jctl-exec-stdin");
        t.setDaemon(true);
        t.start();
    }
}
