package io.jctl.cli.commands;

import picocli.CommandLine.Command;

/** {@code jctl label TYPE NAME KEY=VALUE... KEY-... [--overwrite]}. */
@Command(name = "label", description = "Add, change or remove labels.")
public final class LabelCommand extends MetadataMapCommand {
    @Override
    protected String field() {
        return "labels";
    }

    @Override
    protected String done() {
        return "labeled";
    }

    @Override
    protected String removed() {
        return "unlabeled";
    }
}
