/**
 * The three patch formats of the Kubernetes API on Jackson trees: JSON merge patch (RFC 7386),
 * JSON patch (RFC 6902) and strategic merge patch (apimachinery's {@code strategicpatch}, with
 * merge keys from {@link io.jctl.api.patch.PatchSchema}), plus the two- and three-way patch
 * creation kubectl uses. Inputs are never mutated; every result is a new node, and every bad
 * patch is a {@link io.jctl.api.patch.PatchException} that says what is wrong and where.
 */
package io.jctl.api.patch;
