package io.jctl.agent.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.jctl.agent.runtime.RuntimeConnection;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Probes for hollow pods: exec goes to the hollow runtime (which answers by the command line);
 * httpGet and tcpSocket succeed unless the pod's annotation {@value #FAIL_ANNOTATION} names the
 * probe kind ({@code readiness}, {@code liveness}, {@code startup}, comma-separated).
 */
public final class HollowProber extends NetworkProber {
    public static final String FAIL_ANNOTATION = "hollow.jctl.io/fail-probes";

    public HollowProber(RuntimeConnection runtime) {
        super(runtime);
    }

    @Override
    public ProbeOutcome probe(Pod pod, Container c, String containerId, String podIP, Probe p, ProbeKind kind) {
        if (p.getExec() != null) {
            return super.probe(pod, c, containerId, podIP, p, kind);
        }
        Map<String, String> ann = pod.getMetadata().getAnnotations();
        String fail = ann == null ? null : ann.get(FAIL_ANNOTATION);
        if (fail != null && Arrays.stream(fail.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .anyMatch(s -> s.equals(kind.name().toLowerCase(Locale.ROOT)))) {
            return ProbeOutcome.failed(p.getHttpGet() != null ? "HTTP probe failed with statuscode: 500"
                    : "dial tcp " + podIP + ": connect: connection refused");
        }
        return ProbeOutcome.ok();
    }
}
