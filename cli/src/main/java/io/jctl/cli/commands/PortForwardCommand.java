package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.streaming.PortForwardProtocol;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.client.WebSocketConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code jctl port-forward TYPE/NAME [LOCAL:]REMOTE…}: listens on local ports and forwards each
 * accepted connection to the pod over its own {@code pods/portforward} WebSocket (the v4 channel
 * protocol), printing kubectl's lines; runs until cancelled (Ctrl-C). Services resolve to a pod of
 * their selector and their ports to the pod's target ports, as kubectl does.
 */
@Command(name = "port-forward", description = "Forward one or more local ports to a pod.")
public final class PortForwardCommand extends JctlCommand {
    /** How long the pod may still answer after the local client stopped sending (kubelet's socat grace). */
    private static final long HALF_CLOSE_GRACE_MS = 500;

    @Parameters(index = "0", paramLabel = "TYPE/NAME", description = "pod/NAME (or NAME), deploy/NAME, rs/NAME, svc/NAME")
    String target;

    @Parameters(index = "1..*", paramLabel = "[LOCAL_PORT:]REMOTE_PORT")
    List<String> ports = new ArrayList<>();

    @Option(names = "--address", split = ",", defaultValue = "localhost",
            description = "addresses to listen on (comma-separated); only IP addresses or localhost")
    List<String> addresses = new ArrayList<>();

    record Forward(int local, int remote) {
    }

    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();

    @Override
    protected int execute(Session s) {
        if (ports.isEmpty()) {
            throw new CliException("error: TYPE/NAME and list of ports are required for port-forward");
        }
        ObjectNode pod;
        List<String> specs = ports;
        int slash = target.indexOf('/');
        String type = slash < 0 ? "pod" : target.substring(0, slash).toLowerCase(Locale.ROOT);
        if (List.of("svc", "service", "services").contains(type)) {
            ObjectNode svc = s.http().get("/api/v1/namespaces/" + s.namespace() + "/services/" + target.substring(slash + 1));
            pod = servicePod(s, svc);
            specs = ServicePorts.translate(ports, svc, pod);
        } else {
            pod = PodTargets.pod(s, target);
        }
        String phase = pod.path("status").path("phase").asText("");
        if (!phase.equals("Running")) {
            throw new CliException("error: unable to forward port because pod is not running. Current status=" + phase);
        }
        List<Forward> forwards = new ArrayList<>();
        for (String spec : specs) {
            forwards.add(parse(spec, pod));
        }
        String ns = pod.path("metadata").path("namespace").asText(s.namespace());
        String path = PodTargets.podPath(ns, pod.path("metadata").path("name").asText()) + "/portforward";
        CountDownLatch stopped = new CountDownLatch(1);
        s.cancel().onCancel(() -> {
            stopped.countDown();
            closeAll();
        });
        try {
            boolean any = false;
            for (Forward f : forwards) {
                any |= listen(s, f, path);
            }
            if (!any) {
                throw new CliException("error: unable to listen on any of the requested ports: " + describe(forwards));
            }
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeAll();
        }
        return 0;
    }

    private void closeAll() {
        for (AutoCloseable c : List.copyOf(open)) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing on the way out
            }
        }
    }

    /** Listens for {@code f} on every address; whether at least one listener is up. */
    private boolean listen(Session s, Forward f, String path) {
        int local = f.local();
        boolean any = false;
        for (InetAddress a : addresses(s)) {
            ServerSocket server;
            try {
                server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(a, local));
            } catch (IOException e) {
                s.err().println("Unable to listen on port " + f.local() + ": Listeners failed to create with the "
                        + "following errors: [unable to create listener: Error listen tcp"
                        + (a.getAddress().length == 16 ? "6 " : "4 ") + hostPort(a, f.local()) + ": bind: " + e.getMessage() + "]");
                continue;
            }
            local = server.getLocalPort(); // a random port (":80") is the same on every address
            open.add(server);
            any = true;
            s.out().println("Forwarding from " + hostPort(a, local) + " -> " + f.remote());
            Forward bound = new Forward(local, f.remote());
            Thread t = new Thread(() -> accept(s, server, bound, path), "jctl-port-forward-" + local);
            t.setDaemon(true);
            t.start();
        }
        return any;
    }

    private void accept(Session s, ServerSocket server, Forward f, String path) {
        while (!server.isClosed()) {
            Socket conn;
            try {
                conn = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(conn);
            Thread t = new Thread(() -> handle(s, conn, f, path), "jctl-port-forward-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    /** One local connection: its own WebSocket, copied both ways; errors reported as kubectl does. */
    private void handle(Session s, Socket conn, Forward f, String path) {
        s.out().println("Handling connection for " + f.local());
        WebSocketConnection ws = null;
        try {
            conn.setTcpNoDelay(true);
            synchronized (s.http()) {
                ws = new WebSocketConnection(s.http().upgradeToWebSocket(path + "?ports=" + f.remote(),
                        List.of(PortForwardProtocol.V4)));
            }
            open.add(ws);
            CountDownLatch remoteDone = new CountDownLatch(1);
            WebSocketConnection socket = ws;
            Thread up = new Thread(() -> copyUp(conn, socket, remoteDone), "jctl-port-forward-up");
            up.setDaemon(true);
            up.start();
            String error = copyDown(ws, conn.getOutputStream());
            remoteDone.countDown();
            if (!error.isEmpty()) {
                s.err().println("error: an error occurred forwarding " + f.local() + " -> " + f.remote() + ": " + error);
            }
        } catch (IOException | RuntimeException e) {
            if (!s.cancel().cancelled()) {
                s.err().println("error: an error occurred forwarding " + f.local() + " -> " + f.remote() + ": "
                        + e.getMessage());
            }
        } finally {
            if (ws != null) {
                ws.close();
                open.remove(ws);
            }
            closeQuietly(conn);
            open.remove(conn);
        }
    }

    /** Local bytes to the data channel; at the local end, the pod gets a moment to answer, then the socket closes. */
    private static void copyUp(Socket conn, WebSocketConnection ws, CountDownLatch remoteDone) {
        byte[] buf = new byte[32 * 1024];
        try {
            InputStream in = conn.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                byte[] m = new byte[n + 1];
                m[0] = (byte) PortForwardProtocol.dataChannel(0);
                System.arraycopy(buf, 0, m, 1, n);
                ws.send(m);
            }
            remoteDone.await(HALF_CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // one side went away: the reader ends too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ws.close();
    }

    /** Data-channel bytes to the local connection until the socket closes; returns what came on the error channel. */
    private static String copyDown(WebSocketConnection ws, OutputStream out) throws IOException {
        StringBuilder error = new StringBuilder();
        boolean[] prefixed = new boolean[2];
        byte[] m;
        while ((m = ws.read()) != null) {
            if (m.length < 1 || (m[0] & 0xff) > 1) {
                continue;
            }
            int channel = m[0];
            int off = 1;
            if (!prefixed[channel]) {
                prefixed[channel] = true; // the channel's opening message: the port, little-endian
                off = 3;
            }
            if (m.length <= off) {
                continue;
            }
            if (channel == PortForwardProtocol.dataChannel(0)) {
                try {
                    out.write(m, off, m.length - off);
                    out.flush();
                } catch (IOException e) {
                    break; // the local client left
                }
            } else {
                error.append(new String(m, off, m.length - off, StandardCharsets.UTF_8));
            }
        }
        return error.toString();
    }

    private List<InetAddress> addresses(Session s) {
        List<InetAddress> all = new ArrayList<>();
        for (String a : addresses) {
            try {
                if (a.equals("localhost")) {
                    all.add(InetAddress.getByName("127.0.0.1"));
                    all.add(InetAddress.getByName("::1"));
                } else if (a.matches("[0-9.]+|.*:.*")) {
                    all.add(InetAddress.getByName(a));
                } else {
                    throw new CliException("error: " + a + " is not a valid IP");
                }
            } catch (java.net.UnknownHostException e) {
                throw new CliException("error: " + a + " is not a valid IP");
            }
        }
        return all;
    }

    private static String hostPort(InetAddress a, int port) {
        String host = a.getHostAddress();
        if (host.equals("0:0:0:0:0:0:0:1")) {
            host = "::1";
        } else if (host.equals("0:0:0:0:0:0:0:0")) {
            host = "::";
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** kubectl's parsePorts, with named remote ports looked up in the pod's container ports. */
    static Forward parse(String spec, JsonNode pod) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 2) {
            throw new CliException("error: invalid port format '" + spec + "'");
        }
        String localText = parts.length == 2 ? parts[0] : parts[0];
        String remoteText = parts.length == 2 ? parts[1] : parts[0];
        int remote;
        try {
            remote = Integer.parseInt(remoteText);
        } catch (NumberFormatException e) {
            remote = ServicePorts.namedContainerPort(pod, remoteText);
            if (parts.length == 1) {
                localText = Integer.toString(remote);
            }
        }
        if (remote < 1 || remote > 65535) {
            throw new CliException("error: Error parsing remote port '" + remoteText + "': port must be between 1 and 65535");
        }
        int local;
        if (localText.isEmpty()) {
            local = 0;
        } else {
            try {
                local = Integer.parseInt(localText);
            } catch (NumberFormatException e) {
                throw new CliException("error: Error parsing local port '" + localText + "': " + e.getMessage());
            }
            if (local < 0 || local > 65535) {
                throw new CliException("error: Error parsing local port '" + localText
                        + "': port must be between 0 and 65535");
            }
        }
        return new Forward(local, remote);
    }

    private static ObjectNode servicePod(Session s, ObjectNode svc) {
        JsonNode selector = svc.path("spec").path("selector");
        String name = svc.path("metadata").path("name").asText();
        if (!selector.isObject() || selector.isEmpty()) {
            throw new CliException("error: invalid service '" + name + "': Service is defined without a selector");
        }
        List<String> labels = new ArrayList<>();
        selector.fields().forEachRemaining(e -> labels.add(e.getKey() + "=" + e.getValue().asText()));
        JsonNode items = s.http().get("/api/v1/namespaces/" + s.namespace() + "/pods?labelSelector="
                + URLEncoder.encode(String.join(",", labels), StandardCharsets.UTF_8)).path("items");
        List<ObjectNode> pods = new ArrayList<>();
        items.forEach(p -> pods.add((ObjectNode) p));
        if (pods.isEmpty()) {
            throw new CliException("error: no pods found for service " + name);
        }
        pods.sort(PodTargets.BY_LOGGING);
        return pods.get(0);
    }

    private static String describe(List<Forward> forwards) {
        List<String> parts = new ArrayList<>();
        forwards.forEach(f -> parts.add("{" + f.local() + " " + f.remote() + "}"));
        return "[" + String.join(" ", parts) + "]";
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
