package io.jctl.cli.describe;

/** Events have no describer of their own in kubectl: they print in the generic layout. */
final class EventDescriber extends GenericDescriber {
}
