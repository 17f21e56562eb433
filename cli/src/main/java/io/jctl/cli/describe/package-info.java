/**
 * {@code jctl describe}: {@link io.jctl.cli.describe.Describers#describe} prints an object in
 * kubectl 1.32's describe layout (one describer per kind, the generic nested layout otherwise),
 * tab-aligned as kubectl's tabwriter does. Related objects and Events come only through the
 * caller's {@link io.jctl.cli.describe.DescribeSource}; "now" comes from an injectable clock.
 */
package io.jctl.cli.describe;
