/**
 * Fixtures for tests on the real host network, shared through this module's test-jar: named network
 * namespaces and commands in them, link and iptables checks, and removal of a bridge and its chains
 * by name. Every name carries a random suffix of the fixture's own; close() removes what it made.
 */
package io.jctl.runtime.testing;
