/**
 * Client-side apply exactly as kubectl does it: the last applied configuration is kept in the
 * {@code kubectl.kubernetes.io/last-applied-configuration} annotation, a missing object is
 * created with it, an existing one gets a three-way patch (strategic merge for built-in kinds,
 * JSON merge for others) computed from last applied, new and live, retried on conflicts.
 */
package io.jctl.cli.apply;
