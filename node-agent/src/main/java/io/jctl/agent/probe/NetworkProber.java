package io.jctl.agent.probe;

import com.google.protobuf.ByteString;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.grpc.StatusRuntimeException;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.runtime.api.v1.ExecSyncRequest;
import io.jctl.runtime.api.v1.ExecSyncResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real probes: exec through the runtime's ExecSync, httpGet and tcpSocket from the
 * agent's host to the pod IP (as the kubelet does), with the kubelet's failure messages.
 */
public class NetworkProber implements Prober {
    private final RuntimeConnection runtime;
    private final HttpProbeClient http = new HttpProbeClient();

    public NetworkProber(RuntimeConnection runtime) {
        this.runtime = runtime;
    }

    @Override
    public ProbeOutcome probe(Pod pod, Container c, String containerId, String podIP, Probe p, ProbeKind kind) {
        int timeout = p.getTimeoutSeconds() == null || p.getTimeoutSeconds() <= 0 ? 1 : p.getTimeoutSeconds();
        if (p.getExec() != null) {
            return exec(containerId, p.getExec().getCommand(), timeout);
        }
        if (p.getHttpGet() != null) {
            return httpGet(pod, c, podIP, p.getHttpGet(), timeout);
        }
        if (p.getTcpSocket() != null) {
            String host = p.getTcpSocket().getHost() == null || p.getTcpSocket().getHost().isEmpty() ? podIP
                    : p.getTcpSocket().getHost();
            return tcp(host, port(c, p.getTcpSocket().getPort()), timeout);
        }
        // gRPC probes are not supported yet: the kubelet treats an unknown handler as success too.
        return ProbeOutcome.ok();
    }

    protected ProbeOutcome exec(String containerId, List<String> cmd, int timeoutSeconds) {
        try {
            ExecSyncResponse r = runtime.runtime().withDeadlineAfter(timeoutSeconds + 5L, TimeUnit.SECONDS)
                    .execSync(ExecSyncRequest.newBuilder().setContainerId(containerId).addAllCmd(cmd)
                            .setTimeout(timeoutSeconds).build());
            String out = output(r.getStdout(), r.getStderr());
            return r.getExitCode() == 0 ? new ProbeOutcome(true, out) : ProbeOutcome.failed(out.isEmpty()
                    ? "command " + quoteAll(cmd) + " exited with " + r.getExitCode() : out);
        } catch (StatusRuntimeException e) {
            return ProbeOutcome.failed(e.getStatus().getDescription() == null ? e.getStatus().getCode().toString()
                    : e.getStatus().getDescription());
        }
    }

    protected ProbeOutcome httpGet(Pod pod, Container c, String podIP, HTTPGetAction a, int timeoutSeconds) {
        String host = a.getHost() == null || a.getHost().isEmpty() ? podIP : a.getHost();
        String scheme = a.getScheme() == null ? "http" : a.getScheme().toLowerCase(java.util.Locale.ROOT);
        String path = a.getPath() == null || a.getPath().isEmpty() ? "/" : a.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String url = scheme + "://" + host + ":" + port(c, a.getPort()) + path;
        Map<String, String> headers = new LinkedHashMap<>();
        for (HTTPHeader h : a.getHttpHeaders() == null ? List.<HTTPHeader>of() : a.getHttpHeaders()) {
            headers.put(h.getName(), h.getValue());
        }
        try {
            int status = http.get(URI.create(url), headers, timeoutSeconds);
            if (status >= 200 && status < 400) {
                return ProbeOutcome.ok();
            }
            return ProbeOutcome.failed("HTTP probe failed with statuscode: " + status);
        } catch (IOException e) {
            return ProbeOutcome.failed("Get \"" + url + "\": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            return ProbeOutcome.failed("Get \"" + url + "\": " + e.getMessage());
        }
    }

    protected ProbeOutcome tcp(String host, int port, int timeoutSeconds) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutSeconds * 1000);
            return ProbeOutcome.ok();
        } catch (IOException e) {
            return ProbeOutcome.failed("dial tcp " + host + ":" + port + ": " + e.getMessage());
        }
    }

    /** A port number, or the number of the container port with that name. */
    static int port(Container c, IntOrString port) {
        if (port == null) {
            return 80;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name != null && name.matches("\\d+")) {
            return Integer.parseInt(name);
        }
        for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
            if (name != null && name.equals(p.getName())) {
                return p.getContainerPort();
            }
        }
        return -1;
    }

    private static String output(ByteString out, ByteString err) {
        String s = out.toStringUtf8() + err.toStringUtf8();
        return s.strip();
    }

    private static String quoteAll(List<String> cmd) {
        return "[" + String.join(" ", cmd) + "]";
    }
}
