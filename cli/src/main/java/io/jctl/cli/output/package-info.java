/**
 * Printing for jctl, byte for byte as kubectl 1.32 prints: {@link io.jctl.cli.output.TablePrinter}
 * lays out server-side Tables, {@link io.jctl.cli.output.Output} prints whole objects for the
 * {@code -o} formats (yaml, json, name, jsonpath, custom-columns), and
 * {@link io.jctl.cli.output.JsonPath} is kubectl's JSONPath template engine. Go's formatting
 * (tabwriter, encoding/json, go-yaml, fmt) is reproduced here, so callers hand over Jackson trees
 * and print the returned text as is.
 */
package io.jctl.cli.output;
