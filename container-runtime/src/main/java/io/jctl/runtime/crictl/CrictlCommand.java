package io.jctl.runtime.crictl;

import io.jctl.runtime.api.v1.VersionRequest;
import io.jctl.runtime.api.v1.VersionResponse;
import io.jctl.runtime.server.RuntimeClient;
import io.jctl.runtime.server.RuntimeDaemon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jctld crictl}: crictl's commands against the jctl runtime socket. */
@Command(name = "crictl", mixinStandardHelpOptions = true,
        description = "Inspect and operate the container runtime of this node, as crictl does.",
        subcommands = {
                ImageCommands.Images.class, ImageCommands.Pull.class, ImageCommands.Import.class,
                ImageCommands.RemoveImage.class, ImageCommands.InspectImage.class,
                PodCommands.Pods.class, PodCommands.InspectPod.class, PodCommands.StopPod.class, PodCommands.RemovePod.class,
                ContainerCommands.Ps.class, ContainerCommands.Inspect.class, ContainerCommands.Stop.class,
                ContainerCommands.Remove.class, ContainerCommands.Stats.class,
                LogsCommand.class, ExecCommand.class, CrictlCommand.Version.class})
public final class CrictlCommand implements Runnable {
    static final String DEFAULT_ENDPOINT = "unix://" + RuntimeDaemon.DEFAULT_SOCKET;

    @Option(names = {"-r", "--runtime-endpoint"}, paramLabel = "URL",
            defaultValue = "${env:CONTAINER_RUNTIME_ENDPOINT:-" + "unix:///run/jctl/runtime.sock" + "}",
            description = "The runtime's socket (default: ${DEFAULT-VALUE}; env CONTAINER_RUNTIME_ENDPOINT).")
    String endpoint;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Where the subcommands print; tests replace them. */
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    RuntimeClient connect() {
        return RuntimeClient.connect(endpoint);
    }

    @Command(name = "version", description = "Show the runtime's name and versions.")
    static final class Version extends CrictlSubcommand {
        @Override
        int run(RuntimeClient client) {
            VersionResponse v = client.runtime().version(VersionRequest.getDefaultInstance());
            out().println("Version:  0.1.0");
            out().println("RuntimeName:  " + v.getRuntimeName());
            out().println("RuntimeVersion:  " + v.getRuntimeVersion());
            out().println("RuntimeApiVersion:  " + v.getApiVersion());
            if (!v.getCgroupVersion().isEmpty()) {
                out().println("CgroupVersion:  " + v.getCgroupVersion());
            }
            return 0;
        }
    }
}
