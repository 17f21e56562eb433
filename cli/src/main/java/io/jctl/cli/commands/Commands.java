package io.jctl.cli.commands;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The command table. Building picocli's model costs reflection per command class, so an
 * invocation registers only the command it names (all of them for help and completion).
 */
public final class Commands {
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();
    /** Global flags that take a separate value, so their value is not mistaken for a command. */
    private static final Set<String> VALUED_GLOBALS = Set.of("--kubeconfig", "--context", "-s", "--server", "--token",
            "-n", "--namespace", "-v", "--v");

    static {
        ALL.put("get", GetCommand::new);
        ALL.put("apply", ApplyCommand::new);
        ALL.put("create", CreateCommand::new);
        ALL.put("delete", DeleteCommand::new);
        ALL.put("describe", DescribeCommand::new);
        ALL.put("run", RunCommand::new);
        ALL.put("expose", ExposeCommand::new);
        ALL.put("label", LabelCommand::new);
        ALL.put("annotate", AnnotateCommand::new);
        ALL.put("patch", PatchCommand::new);
        ALL.put("edit", EditCommand::new);
        ALL.put("logs", LogsCommand::new);
        ALL.put("exec", ExecCommand::new);
        ALL.put("port-forward", PortForwardCommand::new);
        ALL.put("scale", ScaleCommand::new);
        ALL.put("rollout", RolloutCommand::new);
        ALL.put("set", SetCommand::new);
        ALL.put("api-resources", ApiResourcesCommand::new);
        ALL.put("cluster-info", ClusterInfoCommand::new);
        ALL.put("version", VersionCommand::new);
        ALL.put("config", ConfigCommand::new);
        ALL.put("completion", CompletionCommand::new);
    }

    private Commands() {
    }

    public static void register(CommandLine root, String[] args) {
        String named = commandWord(args);
        if (named != null && ALL.containsKey(named)) {
            root.addSubcommand(named, ALL.get(named).get());
            return;
        }
        registerAll(root);
    }

    /** Every command, for help and the completion script. */
    public static void registerAll(CommandLine root) {
        ALL.forEach((name, factory) -> root.addSubcommand(name, factory.get()));
    }

    /** The command an argument list names (skipping global flags and their values), or null. */
    public static String commandWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("-")) {
                if (VALUED_GLOBALS.contains(a)) {
                    i++;
                }
                continue;
            }
            return a;
        }
        return null;
    }
}
