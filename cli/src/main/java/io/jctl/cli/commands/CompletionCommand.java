package io.jctl.cli.commands;

import io.jctl.cli.CliException;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jctl completion bash|zsh}: a completion script for commands and flags
 * ({@code source <(jctl completion bash)}). zsh runs the bash script through bashcompinit.
 */
@Command(name = "completion", description = "Print a shell completion script (bash or zsh).")
public final class CompletionCommand extends JctlCommand {
    @Parameters(paramLabel = "bash|zsh")
    String shell;

    @Override
    protected int execute(Session s) {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CliException("error: Unsupported shell type \"" + shell + "\". Use bash or zsh.");
        }
        CommandLine full = new CommandLine(spec.root().userObject());
        Commands.registerAll(full);
        String script = AutoComplete.bash("jctl", full);
        if (shell.equals("zsh")) {
            s.out().println("autoload -U +X compinit && compinit");
            s.out().println("autoload -U +X bashcompinit && bashcompinit");
        }
        s.out().print(script);
        return 0;
    }
}
