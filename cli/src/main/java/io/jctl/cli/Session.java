package io.jctl.cli;

import io.jctl.cli.client.Transport;
import io.jctl.cli.config.ConnectionOptions;
import io.jctl.cli.config.ContextResolver;
import io.jctl.cli.config.KubeconfigFiles;
import io.jctl.cli.config.ResolvedContext;
import io.jctl.cli.resources.ApiResources;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one jctl invocation works with: its streams and environment, and (created on first use,
 * so that {@code jctl config …} never touches the network) the resolved context, the connection
 * and the server's resource list.
 */
public final class Session implements AutoCloseable {
    private final ConnectionOptions options;
    private final int verbosity;
    private final Invocation invocation;
    private ResolvedContext context;
    private Transport transport;
    private ApiResources resources;

    public Session(ConnectionOptions options, int verbosity, PrintStream out, PrintStream err, InputStream in,
                   Map<String, String> env) {
        this(options, verbosity, Invocation.of(out, err, in, env));
    }

    public Session(ConnectionOptions options, int verbosity, Invocation invocation) {
        this.options = options;
        this.verbosity = verbosity;
        this.invocation = invocation;
    }

    public ConnectionOptions options() {
        return options;
    }

    public int verbosity() {
        return verbosity;
    }

    public PrintStream out() {
        return invocation.out();
    }

    public PrintStream err() {
        return invocation.err();
    }

    public InputStream in() {
        return invocation.in();
    }

    public Map<String, String> env() {
        return invocation.env();
    }

    /** The invocation's working directory: relative file names given by the user are taken from here. */
    public Path cwd() {
        return invocation.cwd();
    }

    public Invocation.Terminals terminals() {
        return invocation.terminals();
    }

    /** Fired when the user abandons the command (daemon mode); a long wait can register a way to end it. */
    public CancelSignal cancel() {
        return invocation.cancel();
    }

    /** {@code $HOME/.jctl/cache}: discovery documents per server. */
    public Path cacheDir() {
        return KubeconfigFiles.home(env()).resolve(".jctl").resolve("cache");
    }

    public ResolvedContext context() {
        if (context == null) {
            context = ContextResolver.resolve(options, env(), cacheDir(), cwd());
        }
        return context;
    }

    /** The namespace of {@code -n}, else of the context, else {@code default}. */
    public String namespace() {
        return context().namespace();
    }

    public Transport http() {
        if (transport == null) {
            ResolvedContext c = context();
            transport = new Transport(c.client(), c.source(), verbosity, err(), invocation.pool());
            invocation.cancel().onCancel(transport::abort);
        }
        return transport;
    }

    public ApiResources resources() {
        if (resources == null) {
            resources = new ApiResources(http(), cacheDir(), err(), verbosity);
        }
        return resources;
    }

    @Override
    public void close() {
        if (transport != null) {
            transport.close();
        }
    }
}
