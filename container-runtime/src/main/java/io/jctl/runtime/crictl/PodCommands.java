package io.jctl.runtime.crictl;

import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.PodSandboxFilter;
import io.jctl.runtime.api.v1.PodSandboxState;
import io.jctl.runtime.api.v1.PodSandboxStatusRequest;
import io.jctl.runtime.api.v1.RemovePodSandboxRequest;
import io.jctl.runtime.api.v1.StopPodSandboxRequest;
import io.jctl.runtime.server.RuntimeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** crictl's pod sandbox commands: pods, inspectp, stopp, rmp. */
final class PodCommands {
    private PodCommands() {
    }

    /**
     * Resolves an id prefix to the one sandbox it names, as crictl accepts short ids. An id that
     * names no sandbox is an error here rather than a silent no-op further on (RemovePodSandbox of
     * an unknown id succeeds, as CRI wants it to).
     */
    static String resolve(RuntimeClient client, String idOrPrefix) {
        return IdPrefix.POD.resolve(client.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()
                .stream().map(PodSandbox::getId).toList(), idOrPrefix);
    }

    static String state(PodSandboxState s) {
        return s == PodSandboxState.SANDBOX_READY ? "Ready" : "NotReady";
    }

    @Command(name = "pods", description = "List pod sandboxes.")
    static final class Pods extends CrictlSubcommand {
        @Option(names = {"-q", "--quiet"}, description = "Only show pod ids.")
        boolean quiet;
        @Option(names = "--name", description = "Only pods with this name.")
        String name;
        @Option(names = "--namespace", description = "Only pods in this namespace.")
        String namespace;
        @Option(names = {"-s", "--state"}, description = "Only pods in this state: ready or notready.")
        String state;
        @Option(names = "--label", paramLabel = "K=V", description = "Only pods with this label (repeatable).")
        Map<String, String> labels = Map.of();
        @Option(names = "--no-trunc", description = "Show full ids.")
        boolean noTrunc;

        @Override
        int run(RuntimeClient client) {
            PodSandboxFilter.Builder filter = PodSandboxFilter.newBuilder().putAllLabelSelector(labels);
            if (state != null) {
                if (!state.equalsIgnoreCase("ready") && !state.equalsIgnoreCase("notready")) {
                    throw new IllegalArgumentException("--state must be ready or notready");
                }
                filter.setOnlyReady(state.equalsIgnoreCase("ready"));
            }
            List<PodSandbox> pods = new ArrayList<>(client.runtime().listPodSandbox(
                    ListPodSandboxRequest.newBuilder().setFilter(filter).build()).getItemsList());
            pods.removeIf(p -> (name != null && !p.getMetadata().getName().equals(name))
                    || (namespace != null && !p.getMetadata().getNamespace().equals(namespace))
                    || (state != null && state.equalsIgnoreCase("notready") && p.getState() == PodSandboxState.SANDBOX_READY));
            pods.sort(Comparator.comparingLong(PodSandbox::getCreatedAt).reversed());
            if (quiet) {
                pods.forEach(p -> out().println(p.getId()));
                return 0;
            }
            Table table = new Table("POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME");
            Instant now = Instant.now();
            for (PodSandbox p : pods) {
                table.row(Human.shortId(p.getId(), noTrunc), Human.ago(Duration.between(nanos(p.getCreatedAt()), now)),
                        state(p.getState()), p.getMetadata().getName(), p.getMetadata().getNamespace(), p.getMetadata().getAttempt(),
                        "(default)"); // the runtime handler: this runtime has only the default one
            }
            table.print(out());
            return 0;
        }
    }

    static Instant nanos(long unixNanos) {
        return Instant.ofEpochSecond(unixNanos / 1_000_000_000L, unixNanos % 1_000_000_000L);
    }

    @Command(name = "inspectp", description = "Show pod sandbox status as JSON.")
    static final class InspectPod extends CrictlSubcommand {
        @Parameters(arity = "1..*", paramLabel = "POD-ID")
        List<String> ids;

        @Override
        int run(RuntimeClient client) {
            for (String id : ids) {
                out().println(ProtoJson.pretty(client.runtime().podSandboxStatus(
                        PodSandboxStatusRequest.newBuilder().setPodSandboxId(resolve(client, id)).build())));
            }
            return 0;
        }
    }

    @Command(name = "stopp", description = "Stop pod sandboxes (and their containers).")
    static final class StopPod extends CrictlSubcommand {
        @Parameters(arity = "1..*", paramLabel = "POD-ID")
        List<String> ids;

        @Override
        int run(RuntimeClient client) {
            for (String id : ids) {
                String full = resolve(client, id);
                client.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(full).build());
                out().println("Stopped sandbox " + full);
            }
            return 0;
        }
    }

    @Command(name = "rmp", description = "Remove pod sandboxes.")
    static final class RemovePod extends CrictlSubcommand {
        @Parameters(arity = "1..*", paramLabel = "POD-ID")
        List<String> ids;
        @Option(names = {"-f", "--force"}, description = "Stop the pod first.")
        boolean force;

        @Override
        int run(RuntimeClient client) {
            for (String id : ids) {
                String full = resolve(client, id);
                if (force) {
                    client.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(full).build());
                }
                client.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(full).build());
                out().println("Removed sandbox " + full);
            }
            return 0;
        }
    }
}
