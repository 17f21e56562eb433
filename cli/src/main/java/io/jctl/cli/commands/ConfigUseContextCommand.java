package io.jctl.cli.commands;

import io.jctl.api.client.KubeConfig;
import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.config.KubeconfigChain;
import io.jctl.cli.config.KubeconfigFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code jctl config use-context NAME}: makes NAME the current context. */
@Command(name = "use-context", description = "Switch the current context.")
public final class ConfigUseContextCommand extends JctlCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    protected int execute(Session s) {
        KubeconfigChain chain = KubeconfigChain.of(s.options().kubeconfig(), s.env(), s.cwd());
        if (chain.merged().context(name).isEmpty()) {
            throw new CliException("error: no context exists with the name: \"" + name + "\" in "
                    + chain.describe().substring("kubeconfig ".length()) + ".\nSee `jctl config get-contexts`.");
        }
        // As kubectl: current-context is written where it is set, else to the default file.
        Path file = chain.fileSettingCurrentContext();
        KubeConfig kc = KubeconfigFiles.load(file);
        kc.setCurrentContext(name);
        KubeconfigFiles.save(kc, file);
        s.out().println("Switched to context \"" + name + "\".");
        return 0;
    }
}
