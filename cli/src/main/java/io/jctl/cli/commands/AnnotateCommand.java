package io.jctl.cli.commands;

import picocli.CommandLine.Command;

/** {@code jctl annotate TYPE NAME KEY=VALUE... KEY-... [--overwrite]}. */
@Command(name = "annotate", description = "Add, change or remove annotations.")
public final class AnnotateCommand extends MetadataMapCommand {
    @Override
    protected String field() {
        return "annotations";
    }

    @Override
    protected String done() {
        return "annotated";
    }

    @Override
    protected String removed() {
        return "annotated";
    }
}
