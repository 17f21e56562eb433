package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jctl create namespace NAME}. */
@Command(name = "namespace", aliases = "ns", description = "Create a namespace.")
public final class CreateNamespaceCommand extends GeneratorCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    protected ObjectNode build(Session s) {
        ObjectNode ns = newObject("v1", "Namespace", name);
        ns.putObject("spec");
        return ns;
    }
}
