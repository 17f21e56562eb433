package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code jctl create secret generic NAME [--from-literal=K=V] [--from-file=[K=]PATH] [--type=T]}. */
@Command(name = "generic", description = "Create a secret from literals and files.")
public final class CreateSecretGenericCommand extends GeneratorCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--from-literal", paramLabel = "KEY=VALUE")
    List<String> literals = new ArrayList<>();

    @Option(names = "--from-file", paramLabel = "[KEY=]PATH")
    List<String> files = new ArrayList<>();

    @Option(names = "--type", paramLabel = "TYPE", description = "The secret type (default Opaque).")
    String type;

    @Override
    protected ObjectNode build(Session s) {
        ObjectNode secret = newObject("v1", "Secret", name);
        DataSources.fill(secret, literals, files, true, s.cwd());
        if (type != null) {
            secret.put("type", type);
        }
        return secret;
    }
}
