package io.jctl.cli.manifests;

import io.jctl.cli.CliException;

/** A manifest that cannot be read; the message names the file, document and line. */
public final class ManifestException extends CliException {
    public ManifestException(String message) {
        super(message);
    }
}
