package io.jctl.cli.describe;

/** Leases have no describer of their own in kubectl: they print in the generic layout. */
final class LeaseDescriber extends GenericDescriber {
}
