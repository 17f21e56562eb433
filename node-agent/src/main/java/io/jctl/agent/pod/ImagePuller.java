package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jctl.agent.event.EventRecorder;
import io.jctl.agent.metrics.AgentMetrics;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.api.v1.ImageSpec;
import io.jctl.runtime.api.v1.ImageStatusRequest;
import io.jctl.runtime.api.v1.PullImageProgress;
import io.jctl.runtime.api.v1.PullImageRequest;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Makes a container's image present per its imagePullPolicy, with the kubelet's events and
 * waiting reasons (ErrImagePull, then ImagePullBackOff while a failed pull backs off).
 */
public final class ImagePuller {
    private static final long PULL_DEADLINE_MINUTES = 30;

    private final RuntimeConnection runtime;
    private final EventRecorder events;
    private final AgentMetrics metrics;
    private final CrashBackoff backoff = CrashBackoff.kubelet();

    public ImagePuller(RuntimeConnection runtime, EventRecorder events, AgentMetrics metrics) {
        this.runtime = runtime;
        this.events = events;
        this.metrics = metrics;
    }

    /** Null when the image is there; otherwise why the container waits. */
    public Waiting ensure(Pod pod, Container c) {
        String image = c.getImage();
        String policy = ImagePullPolicy.of(c);
        String key = pod.getMetadata().getUid() + "/" + c.getName();
        boolean present = !policy.equals(ImagePullPolicy.ALWAYS) && present(image);
        if (policy.equals(ImagePullPolicy.NEVER)) {
            if (present) {
                return null;
            }
            String msg = "Container image \"" + image + "\" is not present with pull policy of Never";
            events.warning(pod, c.getName(), "ErrImageNeverPull", msg);
            return new Waiting("ErrImageNeverPull", msg);
        }
        if (present) {
            events.normal(pod, c.getName(), "Pulled", "Container image \"" + image + "\" already present on machine");
            return null;
        }
        if (!backoff.remaining(key, 0).isZero()) {
            String msg = "Back-off pulling image \"" + image + "\"";
            events.normal(pod, c.getName(), "BackOff", msg);
            return new Waiting("ImagePullBackOff", msg);
        }
        events.normal(pod, c.getName(), "Pulling", "Pulling image \"" + image + "\"");
        long t0 = System.nanoTime();
        try {
            Image pulled = metrics.runtimeOp("pull_image", () -> pull(image));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String d = GoDuration.formatMillis(took);
            events.normal(pod, c.getName(), "Pulled", "Successfully pulled image \"" + image + "\" in " + d + " (" + d
                    + " including waiting)" + (pulled == null ? "" : ". Image size: " + pulled.getSize() + " bytes."));
            backoff.forgetPrefix(key);
            return null;
        } catch (StatusRuntimeException e) {
            backoff.next(key);
            String why = e.getStatus().getDescription() == null ? e.getStatus().getCode().toString()
                    : e.getStatus().getDescription();
            String msg = "Failed to pull image \"" + image + "\": " + why;
            events.warning(pod, c.getName(), "Failed", msg);
            events.warning(pod, c.getName(), "Failed", "Error: ErrImagePull");
            return new Waiting("ErrImagePull", msg);
        }
    }

    public void forgetPod(String uid) {
        backoff.forgetPrefix(uid + "/");
    }

    private boolean present(String image) {
        try {
            metrics.runtimeOp("image_status", () -> runtime.images().withDeadlineAfter(30, TimeUnit.SECONDS)
                    .imageStatus(ImageStatusRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(image)).build()));
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    private Image pull(String image) {
        Iterator<PullImageProgress> it = runtime.images().withDeadlineAfter(PULL_DEADLINE_MINUTES, TimeUnit.MINUTES)
                .pullImage(PullImageRequest.newBuilder().setImage(ImageSpec.newBuilder().setImage(image)).build());
        Image last = null;
        while (it.hasNext()) {
            PullImageProgress p = it.next();
            if (p.hasImage()) {
                last = p.getImage();
            }
        }
        return last;
    }
}
