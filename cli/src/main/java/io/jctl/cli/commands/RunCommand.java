package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;
import io.jctl.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code jctl run NAME --image=IMAGE [--port] [--labels] [--env] [--restart] [--command] [-- ARGS]}: one Pod. */
@Command(name = "run", description = "Run a single pod.")
public final class RunCommand extends GeneratorCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "After --: the container's args (or command with --command).")
    List<String> args = new ArrayList<>();

    @Option(names = "--image", required = true)
    String image;

    @Option(names = "--port")
    Integer port;

    @Option(names = {"-l", "--labels"}, split = ",", paramLabel = "KEY=VALUE")
    List<String> labels = new ArrayList<>();

    @Option(names = "--env", paramLabel = "KEY=VALUE")
    List<String> env = new ArrayList<>();

    @Option(names = "--restart", defaultValue = "Always", paramLabel = "Always|OnFailure|Never")
    String restart;

    @Option(names = "--command", description = "Use ARGS as the command, not the arguments.")
    boolean asCommand;

    @Override
    protected ObjectNode build(Session s) {
        ObjectNode pod = newObject("v1", "Pod", name);
        ObjectNode l = ((ObjectNode) pod.get("metadata")).putObject("labels");
        if (labels.isEmpty()) {
            l.put("run", name);
        }
        for (String kv : labels) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new CliException("error: invalid label spec: " + kv + " (expected KEY=VALUE)");
            }
            l.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        ObjectNode spec = pod.putObject("spec");
        ObjectNode c = spec.putArray("containers").addObject();
        c.put("name", name);
        c.put("image", image);
        if (!args.isEmpty()) {
            args.forEach(c.putArray(asCommand ? "command" : "args")::add);
        }
        for (String kv : env) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new CliException("error: invalid env: " + kv + " (expected KEY=VALUE)");
            }
            ((com.fasterxml.jackson.databind.node.ArrayNode) (c.has("env") ? c.get("env") : c.putArray("env")))
                    .addObject().put("name", kv.substring(0, eq)).put("value", kv.substring(eq + 1));
        }
        if (port != null) {
            c.putArray("ports").addObject().put("containerPort", port);
        }
        c.putObject("resources");
        spec.put("dnsPolicy", "ClusterFirst");
        spec.put("restartPolicy", restart);
        pod.putObject("status");
        return pod;
    }
}
