/**
 * Reads the objects of {@code -f FILE|DIR|-} (with {@code -R}): multi-document YAML, JSON and
 * {@code List} kinds, in file order. A document that does not parse, or that is not an object
 * with apiVersion and kind, fails with a message naming the file, the document number and the
 * line.
 */
package io.jctl.cli.manifests;
