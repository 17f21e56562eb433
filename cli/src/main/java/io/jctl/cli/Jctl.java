package io.jctl.cli;

import io.jctl.cli.commands.Commands;
import io.jctl.cli.client.ConnectionPool;
import io.jctl.cli.config.ConnectionOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code jctl}: the kubectl-like command line. Each command is one small class (see
 * {@link Commands}); the global flags live here and may be given before or after the command.
 */
@Command(name = "jctl", mixinStandardHelpOptions = true, version = "jctl 0.1.0", scope = ScopeType.INHERIT,
        description = "Control a jctl (or any Kubernetes) cluster.")
public final class Jctl implements Runnable {
    @Option(names = "--kubeconfig", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The kubeconfig file (default: $KUBECONFIG, else ~/.jctl/config).")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "The kubeconfig context to use instead of the current one.")
    String context;

    @Option(names = {"-s", "--server"}, paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The api-server address, overriding the context's cluster.")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "A bearer token, overriding the context's user.")
    String token;

    @Option(names = "--insecure-skip-tls-verify", scope = ScopeType.INHERIT,
            description = "Do not check the server's certificate (throwaway clusters only).")
    boolean insecure;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", scope = ScopeType.INHERIT,
            description = "The namespace (default: the context's, else \"default\").")
    String namespace;

    @Option(names = {"-v", "--v"}, paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Log level: 6 logs each request, 8 their bodies, 9 stack traces.")
    int verbosity;

    private final Invocation invocation;
    private Session session;

    private Jctl(Invocation invocation) {
        this.invocation = invocation;
    }

    Session session() {
        if (session == null) {
            session = new Session(new ConnectionOptions(kubeconfig, context, server, token, insecure, namespace),
                    verbosity, invocation);
        }
        return session;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(invocation.out(), ansi(invocation));
    }

    /**
     * Colours in help text when stdout is a terminal, decided per invocation (picocli's own
     * detection looks at the JVM's console, which the daemon does not have).
     */
    static CommandLine.Help.Ansi ansi(Invocation inv) {
        boolean color = inv.terminals().out() && !inv.env().containsKey("NO_COLOR") && !"dumb".equals(inv.env().get("TERM"));
        return color ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF;
    }

    /** When main started, for the start-up figures {@code -v=7} logs. */
    public static final long MAIN_STARTED = System.nanoTime();

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--daemon")) {
            // Hidden: the warm per-user server bin/jctl starts; the class is loaded only here.
            io.jctl.cli.daemon.Daemon.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        boolean console = System.console() != null;
        int code = run(args, new Invocation(System.out, System.err, System.in, System.getenv(),
                Path.of("").toAbsolutePath(), new Invocation.Terminals(console, console, console), ConnectionPool.NONE,
                CancelSignal.never()));
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one invocation and returns its exit code; never calls System.exit (tests call this). */
    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        return run(args, Invocation.of(out, err, in, env));
    }

    /** Runs one invocation with everything it gets from outside; never calls System.exit (the daemon calls this). */
    public static int run(String[] args, Invocation invocation) {
        PrintStream out = invocation.out();
        PrintStream err = invocation.err();
        Jctl root = new Jctl(invocation);
        CommandLine cl = new CommandLine(root);
        Commands.register(cl, args);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(ansi(invocation)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, command, parseResult) -> {
            ErrorReporter.report(ex, root.session(), err);
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            CommandLine c = ex.getCommandLine();
            err.println("See '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return 1;
        });
        try {
            return cl.execute(args);
        } finally {
            if (root.session != null) {
                root.session.close();
            }
            out.flush();
        }
    }
}
