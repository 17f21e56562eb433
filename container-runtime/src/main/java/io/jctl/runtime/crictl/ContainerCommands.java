package io.jctl.runtime.crictl;

import io.jctl.runtime.api.v1.Container;
import io.jctl.runtime.api.v1.ContainerFilter;
import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.ContainerStats;
import io.jctl.runtime.api.v1.ContainerStatusRequest;
import io.jctl.runtime.api.v1.ListContainerStatsRequest;
import io.jctl.runtime.api.v1.ListContainersRequest;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.RemoveContainerRequest;
import io.jctl.runtime.api.v1.StopContainerRequest;
import io.jctl.runtime.server.RuntimeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** crictl's container commands: ps, inspect, stop, rm, stats. */
final class ContainerCommands {
    private ContainerCommands() {
    }

    static List<Container> all(RuntimeClient client) {
        return client.runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList();
    }

    /**
     * Resolves an id prefix to the one container it names. An id that names no container is an
     * error here, with the command to list them, rather than a silent no-op further on
     * (RemoveContainer of an unknown id succeeds, as CRI wants it to).
     */
    static String resolve(RuntimeClient client, String idOrPrefix) {
        return IdPrefix.CONTAINER.resolve(all(client).stream().map(Container::getId).toList(), idOrPrefix);
    }

    static String state(ContainerState s) {
        return switch (s) {
            case CONTAINER_CREATED -> "Created";
            case CONTAINER_RUNNING -> "Running";
            case CONTAINER_EXITED -> "Exited";
            default -> "Unknown";
        };
    }

    @Command(name = "ps", description = "List containers (running ones unless -a).")
    static final class Ps extends CrictlSubcommand {
        @Option(names = {"-a", "--all"}, description = "Show containers in every state.")
        boolean all;
        @Option(names = {"-q", "--quiet"}, description = "Only show container ids.")
        boolean quiet;
        @Option(names = {"-p", "--pod"}, description = "Only containers of this pod.")
        String pod;
        @Option(names = "--name", description = "Only containers with this name.")
        String name;
        @Option(names = {"-s", "--state"}, description = "Only containers in this state: created, running, exited, unknown.")
        String state;
        @Option(names = "--no-trunc", description = "Show full ids.")
        boolean noTrunc;

        @Override
        int run(RuntimeClient client) {
            ContainerFilter.Builder filter = ContainerFilter.newBuilder();
            if (pod != null) {
                filter.setPodSandboxId(PodCommands.resolve(client, pod));
            }
            if (state != null) {
                filter.setState(ContainerState.valueOf("CONTAINER_" + state.toUpperCase(Locale.ROOT)));
            } else if (!all) {
                filter.setState(ContainerState.CONTAINER_RUNNING);
            }
            List<Container> containers = new ArrayList<>(client.runtime().listContainers(
                    ListContainersRequest.newBuilder().setFilter(filter).build()).getContainersList());
            containers.removeIf(c -> name != null && !c.getMetadata().getName().equals(name));
            containers.sort(Comparator.comparingLong(Container::getCreatedAt).reversed());
            if (quiet) {
                containers.forEach(c -> out().println(c.getId()));
                return 0;
            }
            Map<String, String> podNames = new HashMap<>();
            for (PodSandbox p : client.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
                podNames.put(p.getId(), p.getMetadata().getName());
            }
            Table table = new Table("CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD");
            Instant now = Instant.now();
            for (Container c : containers) {
                String image = c.getImage().getImage();
                if (image.startsWith("sha256:")) {
                    image = Human.shortId(image, noTrunc);
                }
                table.row(Human.shortId(c.getId(), noTrunc), image,
                        Human.ago(Duration.between(PodCommands.nanos(c.getCreatedAt()), now)), state(c.getState()),
                        c.getMetadata().getName(), c.getMetadata().getAttempt(), Human.shortId(c.getPodSandboxId(), noTrunc),
                        podNames.getOrDefault(c.getPodSandboxId(), ""));
            }
            table.print(out());
            return 0;
        }
    }

    @Command(name = "inspect", description = "Show container status as JSON.")
    static final class Inspect extends CrictlSubcommand {
        @Parameters(arity = "1..*", paramLabel = "CONTAINER-ID")
        List<String> ids;

        @Override
        int run(RuntimeClient client) {
            for (String id : ids) {
                out().println(ProtoJson.pretty(client.runtime().containerStatus(
                        ContainerStatusRequest.newBuilder().setContainerId(resolve(client, id)).build())));
            }
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop running containers.")
    static final class Stop extends CrictlSubcommand {
        @Parameters(arity = "1..*", paramLabel = "CONTAINER-ID")
        List<String> ids;
        @Option(names = {"-t", "--timeout"}, description = "Seconds between the stop signal and SIGKILL (default: ${DEFAULT-VALUE}).")
        long timeout = 0;

        @Override
        int run(RuntimeClient client) {
            for (String id : ids) {
                String full = resolve(client, id);
                client.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(full).setTimeout(timeout).build());
                out().println(full);
            }
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove containers.")
    static final class Remove extends CrictlSubcommand {
        @Parameters(arity = "1..*", paramLabel = "CONTAINER-ID")
        List<String> ids;
        @Option(names = {"-f", "--force"}, description = "Stop a running container first.")
        boolean force;

        @Override
        int run(RuntimeClient client) {
            for (String id : ids) {
                String full = resolve(client, id);
                if (force) {
                    client.runtime().stopContainer(StopContainerRequest.newBuilder().setContainerId(full).build());
                }
                client.runtime().removeContainer(RemoveContainerRequest.newBuilder().setContainerId(full).build());
                out().println(full);
            }
            return 0;
        }
    }

    @Command(name = "stats", description = "Show CPU, memory and pids of containers, measured over one second.")
    static final class Stats extends CrictlSubcommand {
        @Parameters(arity = "0..*", paramLabel = "CONTAINER-ID", description = "Only these containers.")
        List<String> ids = new ArrayList<>();
        @Option(names = {"-p", "--pod"}, description = "Only containers of this pod.")
        String pod;

        @Override
        int run(RuntimeClient client) throws InterruptedException {
            ListContainerStatsRequest request = ListContainerStatsRequest.newBuilder()
                    .setPodSandboxId(pod == null ? "" : PodCommands.resolve(client, pod)).build();
            Map<String, ContainerStats> first = byId(client.runtime().listContainerStats(request).getStatsList());
            Thread.sleep(1000);
            List<ContainerStats> second = client.runtime().listContainerStats(request).getStatsList();
            Map<String, String> names = new HashMap<>();
            all(client).forEach(c -> names.put(c.getId(), c.getMetadata().getName()));
            List<String> wanted = ids.stream().map(id -> resolve(client, id)).toList();
            Table table = new Table("CONTAINER", "NAME", "CPU %", "MEM", "DISK", "PIDS");
            for (ContainerStats s : second) {
                if (!wanted.isEmpty() && !wanted.contains(s.getContainerId())) {
                    continue;
                }
                ContainerStats before = first.get(s.getContainerId());
                String cpu = "0.00";
                if (before != null && s.getTimestamp() > before.getTimestamp()) {
                    double used = s.getCpuUsageNanoCoresTotal() - before.getCpuUsageNanoCoresTotal();
                    cpu = String.format(Locale.ROOT, "%.2f", 100.0 * used / (s.getTimestamp() - before.getTimestamp()));
                }
                table.row(Human.shortId(s.getContainerId(), false), names.getOrDefault(s.getContainerId(), ""), cpu,
                        Human.size(s.getMemoryWorkingSetBytes()), Human.size(s.getWritableLayerBytes()), s.getPidsCurrent());
            }
            table.print(out());
            return 0;
        }

        private static Map<String, ContainerStats> byId(List<ContainerStats> stats) {
            Map<String, ContainerStats> m = new HashMap<>();
            stats.forEach(s -> m.put(s.getContainerId(), s));
            return m;
        }
    }
}
