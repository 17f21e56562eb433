package io.jctl.cli.commands;

import io.jctl.api.client.KubeConfig;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.config.KubeconfigChain;
import io.jctl.cli.config.KubeconfigFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code jctl config set-context (NAME | --current) [--namespace NS] [--cluster C] [--user U]}:
 * creates or changes a context. The {@code --namespace} given here is the context's, not the
 * global flag.
 */
@Command(name = "set-context", description = "Create or change a context (e.g. --current --namespace shop).")
public final class ConfigSetContextCommand extends JctlCommand {
    @Parameters(arity = "0..1", paramLabel = "NAME")
    String name;

    @Option(names = "--current", description = "Change the current context.")
    boolean current;

    @Option(names = "--cluster")
    String cluster;

    @Option(names = "--user")
    String user;

    @Override
    protected int execute(Session s) {
        KubeconfigChain chain = KubeconfigChain.of(s.options().kubeconfig(), s.env(), s.cwd());
        KubeConfig merged = chain.merged();
        String target = current ? merged.currentContext() : name;
        if (target == null || target.isEmpty() || (current && name != null)) {
            throw new CliException(current ? "error: --current and a NAME cannot both be given (or no current context is set)"
                    : "error: give a context NAME or --current");
        }
        // -n/--namespace is the inherited global flag; here it sets the context's namespace.
        String ns = s.options().namespace();
        // As kubectl: the context is written to the file that defines it, else to the default file.
        Path file = chain.fileDefiningContext(target);
        KubeConfig kc = Files.exists(file) ? KubeconfigFiles.load(file) : KubeConfig.empty();
        boolean exists = merged.context(target).isPresent();
        KubeConfig.Context old = merged.context(target).orElse(new KubeConfig.Context(target, null, null, null));
        kc.putContext(new KubeConfig.Context(target, cluster != null ? cluster : old.cluster(),
                user != null ? user : old.user(), ns != null ? ns : old.namespace()));
        KubeconfigFiles.save(kc, file);
        s.out().println("Context \"" + target + "\" " + (exists ? "modified" : "created") + ".");
        return 0;
    }
}
