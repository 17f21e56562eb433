/** Printing for jctl: server-side tables as kubectl lays them out, and the -o object formats. */
package io.jctl.cli.output;
