package io.jctl.api.selector;

/** A label or field selector that does not parse; the message names the bad part and the expected syntax. */
public class SelectorException extends IllegalArgumentException {
    public SelectorException(String message) {
        super(message);
    }
}
