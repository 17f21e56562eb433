package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jctl logs POD|TYPE/NAME [CONTAINER]}: a container's log from {@code pods/NAME/log}, copied
 * as it arrives; {@code -f} keeps following until the container stops or the user interrupts.
 * With {@code --all-containers} every container's log, one after the other (side by side with -f).
 */
@Command(name = "logs", description = "Print the logs of a container in a pod.")
public final class LogsCommand extends JctlCommand {
    @Parameters(index = "0", paramLabel = "POD | TYPE/NAME")
    String target;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CONTAINER", description = "the container (same as -c)")
    String containerArg;

    @Option(names = {"-c", "--container"}, description = "the container to read")
    String container;

    @Option(names = {"-f", "--follow"}, description = "keep streaming new lines")
    boolean follow;

    @Option(names = "--tail", defaultValue = "-1", description = "lines from the end to show, -1 for all")
    long tail;

    @Option(names = "--since", description = "only lines newer than this, e.g. 5s, 2m, 3h")
    String since;

    @Option(names = "--since-time", description = "only lines after this RFC 3339 time")
    String sinceTime;

    @Option(names = "--timestamps", description = "prefix each line with its time")
    boolean timestamps;

    @Option(names = {"-p", "--previous"}, description = "the log of the container's previous instance")
    boolean previous;

    @Option(names = "--all-containers", description = "every container of the pod")
    boolean allContainers;

    @Option(names = "--limit-bytes", defaultValue = "0", description = "stop after this many bytes")
    long limitBytes;

    @Option(names = "--prefix", description = "prefix each line with pod/NAME/CONTAINER")
    boolean prefix;

    @Override
    protected int execute(Session s) {
        String named = container != null ? container : containerArg;
        if (allContainers && named != null) {
            throw new CliException("error: --all-containers=true should not be specified with container name " + named);
        }
        if (since != null && sinceTime != null) {
            throw new CliException("error: at most one of `sinceTime` or `sinceSeconds` may be specified");
        }
        String query = query(s);
        ObjectNode pod = PodTargets.pod(s, target);
        String podName = pod.path("metadata").path("name").asText();
        String ns = pod.path("metadata").path("namespace").asText(s.namespace());
        List<String> containers = allContainers ? PodTargets.allNames(pod)
                : List.of(PodTargets.container(s, pod, named, false, false));
        List<InputStream> streams = new ArrayList<>();
        try {
            if (follow && containers.size() > 1) {
                // Open every stream first (one connection at a time), then copy them side by side.
                for (String c : containers) {
                    streams.add(open(s, ns, podName, c, query));
                }
                copyConcurrently(s, podName, containers, streams);
            } else {
                for (String c : containers) {
                    InputStream in = open(s, ns, podName, c, query);
                    streams.add(in);
                    copy(in, s.out(), prefix ? "[pod/" + podName + "/" + c + "] " : null);
                }
            }
        } catch (IOException e) {
            if (!s.cancel().cancelled()) {
                throw new CliException("error: the log stream of pod " + podName + " broke off: " + e.getMessage(), e);
            }
        } finally {
            streams.forEach(LogsCommand::closeQuietly);
        }
        return 0;
    }

    private String query(Session s) {
        Queries q = new Queries();
        if (follow) {
            q.add("follow", "true");
        }
        if (tail >= 0) {
            q.add("tailLines", Long.toString(tail));
        }
        if (since != null) {
            Duration d = GoDuration.parse("--since", since);
            q.add("sinceSeconds", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000)));
        }
        if (sinceTime != null) {
            try {
                Instant.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw new CliException("error: --since-time " + sinceTime + " is not an RFC 3339 time, e.g. 2024-05-01T10:00:00Z");
            }
            q.add("sinceTime", sinceTime);
        }
        if (timestamps) {
            q.add("timestamps", "true");
        }
        if (previous) {
            q.add("previous", "true");
        }
        if (limitBytes > 0) {
            q.add("limitBytes", Long.toString(limitBytes));
        }
        return q.toString();
    }

    private static InputStream open(Session s, String ns, String pod, String container, String query) {
        String q = new Queries().add("container", container) + (query.isEmpty() ? "" : "&" + query.substring(1));
        return s.http().openStream(PodTargets.podPath(ns, pod) + "/log" + q, "*/*");
    }

    /** Copies as the bytes come (a followed log must show each line at once), with an optional line prefix. */
    static void copy(InputStream in, PrintStream out, String linePrefix) throws IOException {
        byte[] buf = new byte[8192];
        boolean lineStart = true;
        int n;
        while ((n = in.read(buf)) > 0) {
            if (linePrefix == null) {
                out.write(buf, 0, n);
            } else {
                synchronized (out) {
                    for (int i = 0; i < n; i++) {
                        if (lineStart) {
                            out.write(linePrefix.getBytes(StandardCharsets.UTF_8));
                        }
                        out.write(buf[i]);
                        lineStart = buf[i] == '\n';
                    }
                }
            }
            out.flush();
        }
    }

    private void copyConcurrently(Session s, String podName, List<String> containers, List<InputStream> streams)
            throws IOException {
        List<Thread> threads = new ArrayList<>();
        IOException[] failure = new IOException[1];
        for (int i = 0; i < streams.size(); i++) {
            InputStream in = streams.get(i);
            String linePrefix = prefix ? "[pod/" + podName + "/" + containers.get(i) + "] " : "";
            Thread t = new Thread(() -> {
                try {
                    copy(in, s.out(), linePrefix);
                } catch (IOException e) {
                    failure[0] = e;
                }
            }, "jctl-logs-" + containers.get(i));
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing a stream that is done
        }
    }
}
