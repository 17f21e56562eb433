/**
 * What the server serves, read from its discovery documents and cached per server under
 * {@code ~/.jctl/cache/discovery} for a few minutes, and how a user's words name it: plural,
 * singular, short name, kind, {@code name.group}, {@code name.version.group}, comma lists and the
 * {@code all} category. A word the cache does not know refreshes the cache once before failing.
 */
package io.jctl.cli.resources;
