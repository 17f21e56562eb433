package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code jctl create configmap NAME [--from-literal=K=V] [--from-file=[K=]PATH]}. */
@Command(name = "configmap", aliases = "cm", description = "Create a configmap from literals and files.")
public final class CreateConfigMapCommand extends GeneratorCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--from-literal", paramLabel = "KEY=VALUE")
    List<String> literals = new ArrayList<>();

    @Option(names = "--from-file", paramLabel = "[KEY=]PATH")
    List<String> files = new ArrayList<>();

    @Override
    protected ObjectNode build(Session s) {
        ObjectNode cm = newObject("v1", "ConfigMap", name);
        DataSources.fill(cm, literals, files, false, s.cwd());
        return cm;
    }
}
