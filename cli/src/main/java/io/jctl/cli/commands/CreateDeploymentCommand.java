package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code jctl create deployment NAME --image=IMAGE [--replicas=N] [--port=P] [-- COMMAND [ARGS]]}. */
@Command(name = "deployment", aliases = "deploy", description = "Create a deployment with the given image(s).")
public final class CreateDeploymentCommand extends GeneratorCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "After --: the container's command.")
    List<String> command = new ArrayList<>();

    @Option(names = "--image", required = true, split = ",", paramLabel = "IMAGE")
    List<String> images = new ArrayList<>();

    @Option(names = {"-r", "--replicas"}, defaultValue = "1")
    int replicas;

    @Option(names = "--port", paramLabel = "PORT", description = "The port the container exposes.")
    Integer port;

    @Override
    protected ObjectNode build(Session s) {
        if (!command.isEmpty() && images.size() > 1) {
            throw new CliException("error: cannot specify multiple --image options and command");
        }
        ObjectNode d = newObject("apps/v1", "Deployment", name);
        ((ObjectNode) d.get("metadata")).putObject("labels").put("app", name);
        ObjectNode spec = d.putObject("spec");
        spec.put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        spec.putObject("strategy");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("app", name);
        ArrayNode containers = template.putObject("spec").putArray("containers");
        for (String image : images) {
            ObjectNode c = containers.addObject();
            c.put("image", image);
            c.put("name", containerName(image));
            if (!command.isEmpty()) {
                command.forEach(c.putArray("command")::add);
            }
            if (port != null) {
                c.putArray("ports").addObject().put("containerPort", port);
            }
            c.putObject("resources");
        }
        d.putObject("status");
        return d;
    }

    /** kubectl names a container after its image: the last path segment without tag or digest. */
    static String containerName(String image) {
        String n = image;
        int at = n.indexOf('@');
        if (at >= 0) {
            n = n.substring(0, at);
        }
        int slash = n.lastIndexOf('/');
        n = n.substring(slash + 1);
        int colon = n.indexOf(':');
        if (colon >= 0) {
            n = n.substring(0, colon);
        }
        return n.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }
}
