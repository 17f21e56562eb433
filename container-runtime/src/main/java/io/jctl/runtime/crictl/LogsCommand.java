package io.jctl.runtime.crictl;

import io.jctl.runtime.api.v1.ContainerLogsRequest;
import io.jctl.runtime.api.v1.LogChunk;
import io.jctl.runtime.server.RuntimeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;

/** {@code crictl logs}: a container's stdout and stderr, each line to the stream it came from. */
@Command(name = "logs", description = "Print a container's log.")
final class LogsCommand extends CrictlSubcommand {
    @Parameters(paramLabel = "CONTAINER-ID")
    String id;
    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines.")
    boolean follow;
    @Option(names = "--tail", description = "Only the last N lines (default: all).")
    long tail;
    @Option(names = {"-t", "--timestamps"}, description = "Prefix each line with its time.")
    boolean timestamps;
    @Option(names = "--since", paramLabel = "RFC3339", description = "Only lines at or after this time.")
    String since;

    @Override
    int run(RuntimeClient client) throws IOException {
        ContainerLogsRequest.Builder request = ContainerLogsRequest.newBuilder()
                .setContainerId(ContainerCommands.resolve(client, id)).setFollow(follow).setTailLines(tail).setTimestamps(timestamps);
        if (since != null) {
            Instant t = Instant.parse(since);
            request.setSinceUnixNanos(t.getEpochSecond() * 1_000_000_000L + t.getNano());
        }
        Iterator<LogChunk> chunks = client.runtime().containerLogs(request.build());
        while (chunks.hasNext()) {
            LogChunk c = chunks.next();
            PrintStream stream = c.getStream().equals("stderr") ? err() : out();
            if (timestamps) {
                stream.write((DateTimeFormatter.ISO_INSTANT.format(PodCommands.nanos(c.getTimeUnixNanos())) + " ")
                        .getBytes(StandardCharsets.UTF_8));
            }
            stream.write(c.getLine().toByteArray());
            if (!c.getPartial()) {
                stream.write('\n');
            }
            stream.flush();
        }
        return 0;
    }
}
