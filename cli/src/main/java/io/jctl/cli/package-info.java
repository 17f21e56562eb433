/** The {@code jctl} command line: one picocli command class per verb, all talking through the api client. */
package io.jctl.cli;
