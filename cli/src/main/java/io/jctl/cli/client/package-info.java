/**
 * jctl's connection to the api-server: a small HTTP/1.1 client over one kept-alive socket, so a
 * command pays for one TLS handshake and the JVM exits without waiting for helper threads.
 * Failures the server reports come back as responses; transport failures become
 * {@link io.jctl.cli.CliException} with a message that says what to check.
 */
package io.jctl.cli.client;
