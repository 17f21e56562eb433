/**
 * The {@code jctld} launcher: one jar that runs every jctl daemon role as a subcommand (server,
 * controllers, scheduler, runtime, …), like k3s's single binary. Roles live in their own modules;
 * this package only wires them together.
 */
package io.jctl.dist;
