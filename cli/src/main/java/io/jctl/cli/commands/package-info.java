/**
 * One small picocli class per jctl command. A command reads its flags, asks the
 * {@link io.jctl.cli.Session} for the connection and resources, and prints through
 * {@link io.jctl.cli.output}; failures are thrown and turned into human lines by
 * {@link io.jctl.cli.ErrorReporter}.
 */
package io.jctl.cli.commands;
