package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.client.Transport;
import io.jctl.cli.rollout.DeploymentStatusViewer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code jctl rollout status deploy/web}: prints kubectl's status line for the Deployment as it
 * is now and again on each change the watch reports, until the rollout is done (exit 0), its
 * progress deadline is exceeded, the object goes away, or {@code --timeout} passes (exit 1).
 */
@Command(name = "status", description = "Show the status of the rollout, waiting until it is done.")
public final class RolloutStatusCommand extends JctlCommand {
    @Parameters(paramLabel = "TYPE NAME | TYPE/NAME")
    List<String> args = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE")
    List<String> files = new ArrayList<>();

    @Option(names = {"-R", "--recursive"})
    boolean recursive;

    @Option(names = {"-w", "--watch"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Watch the status until the rollout is done (default true).")
    boolean watch;

    @Option(names = "--revision", defaultValue = "0", description = "Pin to this revision; fail if another one is running.")
    long revision;

    @Option(names = "--timeout", defaultValue = "0s", paramLabel = "DURATION",
            description = "How long to wait before giving up (0: forever), e.g. 5m.")
    String timeout;

    @Override
    protected int execute(Session s) {
        Duration limit = GoDuration.parse("timeout", timeout);
        List<NamedObject> objects = NamedObject.resolve(s, args, files, recursive, "rollout status");
        if (objects.size() != 1) {
            throw new CliException("error: rollout status is only supported on individual resources and resource "
                    + "collections - " + objects.size() + " resources were found");
        }
        NamedObject target = objects.get(0);
        ObjectNode obj = target.fetch(s);
        if (!"Deployment".equals(target.resource().kind())) {
            throw new CliException("error: no status viewer has been implemented for " + target.groupKind());
        }
        long deadline = limit.isZero() || limit.isNegative() ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        if (show(s, obj)) {
            return 0;
        }
        String resourceVersion = obj.path("metadata").path("resourceVersion").asText();
        while (true) {
            resourceVersion = watchFrom(s, target, resourceVersion, deadline);
            if (resourceVersion == null) {
                return 0;
            }
        }
    }

    /** Prints the status line; true when waiting is over (done, or --watch=false). */
    private boolean show(Session s, JsonNode deployment) {
        DeploymentStatusViewer.Status st = DeploymentStatusViewer.status(deployment, revision);
        s.out().print(st.message());
        s.out().flush();
        return st.done() || !watch;
    }

    /**
     * Watches from {@code resourceVersion} and returns null once waiting is over, or the version
     * to resume from when the server ended the watch.
     */
    private String watchFrom(Session s, NamedObject target, String resourceVersion, long deadline) {
        String path = target.resource().ref().collectionPath(target.namespace())
                + new Queries().add("watch", "true").add("fieldSelector", "metadata.name=" + target.name())
                .add("resourceVersion", resourceVersion).add("allowWatchBookmarks", "true");
        checkDeadline(deadline);
        AtomicBoolean timedOut = new AtomicBoolean();
        BufferedReader lines = s.http().stream(path, Transport.JSON);
        Thread timer = deadline == Long.MAX_VALUE ? null : new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
                timedOut.set(true);
                lines.close();
            } catch (InterruptedException | IOException ignored) {
                // the watch ended first
            }
        }, "jctl-rollout-timeout");
        if (timer != null) {
            timer.setDaemon(true);
            timer.start();
        }
        try (lines) {
            String line;
            while ((line = lines.readLine()) != null) {
                ObjectNode event = CliJson.parseObject(line);
                JsonNode object = event.path("object");
                switch (event.path("type").asText()) {
                    case "ADDED", "MODIFIED" -> {
                        resourceVersion = object.path("metadata").path("resourceVersion").asText(resourceVersion);
                        if (show(s, object)) {
                            return null;
                        }
                    }
                    case "DELETED" -> throw new CliException("error: object has been deleted");
                    case "BOOKMARK" -> resourceVersion = object.path("metadata").path("resourceVersion")
                            .asText(resourceVersion);
                    case "ERROR" -> {
                        if (object.path("code").asInt() != 410) {
                            throw new CliException("error: " + object.path("message").asText("the watch failed"));
                        }
                        // Expired: start over from the object as it is now, as an informer's re-list would.
                        ObjectNode now = target.fetch(s);
                        if (show(s, now)) {
                            return null;
                        }
                        return now.path("metadata").path("resourceVersion").asText();
                    }
                    default -> throw new CliException("error: internal error: unexpected event " + line);
                }
            }
            return resourceVersion;
        } catch (IOException | UncheckedIOException e) {
            if (timedOut.get()) {
                throw timedOut();
            }
            throw new CliException("error: the watch ended: " + e.getMessage());
        } finally {
            if (timer != null) {
                timer.interrupt();
            }
        }
    }

    private static void checkDeadline(long deadline) {
        if (System.nanoTime() >= deadline) {
            throw timedOut();
        }
    }

    private static CliException timedOut() {
        return new CliException("error: timed out waiting for the condition");
    }
}
