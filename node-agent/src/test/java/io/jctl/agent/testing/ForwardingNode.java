package io.jctl.agent.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.jctl.agent.server.PodAddressResolver;
import io.jctl.agent.server.ServingCertificate;
import io.jctl.agent.server.StreamServer;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.api.streaming.AgentEndpoint;
import io.jctl.apiserver.testing.TestApiServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A node whose agent serves only its streaming port, with one Running pod ({@value #POD}) whose
 * port 80 is a local HTTP server answering {@code hello from web <path>} ({@code /big} after 3 MiB of
 * {@code x}, {@code /upload} with the size of the request body); its port 81 listens
 * nowhere. The pod network stands in as a {@link PodAddressResolver} onto 127.0.0.1, so that port
 * forwarding can be tested without root or a runtime.
 */
public final class ForwardingNode implements AutoCloseable {
    public static final String NODE = "pf-node";
    public static final String POD = "web";
    public static final String UID = "0f0f0f0f-1111-2222-3333-444444444444";

    private final TestApiServer server;
    private final HttpServer pod;
    private final StreamServer agent;
    private final int closedPort;

    private ForwardingNode(TestApiServer server) throws IOException {
        this.server = server;
        this.pod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        pod.setExecutor(Executors.newCachedThreadPool());
        pod.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            byte[] body = path.equals("/upload")
                    ? ("received " + ex.getRequestBody().readAllBytes().length + " bytes\n").getBytes(StandardCharsets.UTF_8)
                    : ((path.equals("/big") ? "x".repeat(3 << 20) : "") + "hello from web " + path + "\n")
                            .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        pod.start();
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        int podPort = pod.getAddress().getPort();
        PodAddressResolver pods = (ns, name, port) -> {
            if (!ns.equals("default") || !name.equals(POD)) {
                throw new ApiException(404, "NotFound", "pod \"" + name + "\" in namespace \"" + ns
                        + "\" is not running on this node");
            }
            return new PodAddressResolver.Target(UID, "127.0.0.1", port == 80 ? podPort : port == 81 ? closedPort : port);
        };
        ServingCertificate cert = ServingCertificate.generate(NODE, List.of("127.0.0.1"));
        this.agent = StreamServer.start("127.0.0.1", 0, cert, server.server().caCertificatePem(),
                (ns, name, c, previous) -> {
                    throw ApiException.badRequest("no containers here");
                }, null, pods);
        register(cert);
    }

    /** Starts the node on {@code server} and creates its Node and Pod. */
    public static ForwardingNode on(TestApiServer server) {
        try {
            return new ForwardingNode(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void register(ServingCertificate cert) {
        TestApiServer.Response n = server.post("/api/v1/nodes", """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","annotations":{"%s":"%s"}}}"""
                .formatted(NODE, AgentEndpoint.SERVING_CERT_SHA256, cert.sha256()));
        check(n);
        ObjectNode node = n.json();
        ObjectNode status = node.putObject("status");
        status.putArray("addresses").addObject().put("type", "InternalIP").put("address", "127.0.0.1");
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", agent.port());
        check(server.put("/api/v1/nodes/" + NODE + "/status", Json.toJson(node)));
        TestApiServer.Response p = server.post("/api/v1/namespaces/default/pods", """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"default","labels":{"app":"web"}},
                 "spec":{"nodeName":"%s","containers":[{"name":"web","image":"busybox","ports":[{"name":"http","containerPort":80}]}]}}"""
                .formatted(POD, NODE));
        check(p);
        ObjectNode pod = p.json();
        pod.putObject("status").put("phase", "Running").put("podIP", "10.244.9.9");
        check(server.put("/api/v1/namespaces/default/pods/" + POD + "/status", Json.toJson(pod)));
    }

    private static void check(TestApiServer.Response r) {
        if (r.status() >= 300) {
            throw new IllegalStateException("HTTP " + r.status() + ": " + r.body());
        }
    }

    /** The port of the pod that nothing listens on. */
    public int closedPodPort() {
        return 81;
    }

    @Override
    public void close() {
        agent.close();
        pod.stop(0);
        ((java.util.concurrent.ExecutorService) pod.getExecutor()).shutdownNow();
    }
}
