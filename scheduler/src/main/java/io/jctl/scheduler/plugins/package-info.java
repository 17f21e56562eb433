/**
 * The plugin registry: one list of every filter and score plugin (a package each below this one)
 * and the default weights; {@link io.jctl.scheduler.plugins.Registry#profile} builds the
 * {@link io.jctl.scheduler.plugins.Profile} the scheduler runs, with weights overridable by name.
 */
package io.jctl.scheduler.plugins;
