package io.jctl.cli.output;

/** A JSONPath template that does not parse or cannot be executed; the message is client-go's. */
public final class JsonPathException extends IllegalArgumentException {
    public JsonPathException(String message) {
        super(message);
    }
}
