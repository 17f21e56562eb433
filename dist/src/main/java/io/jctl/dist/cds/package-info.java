/**
 * Class-data-sharing archives made with the build: {@code bin/jctld} runs {@code jctld cds-archives}
 * after each build, which dumps one archive per daemon role from the class lists in this jar
 * ({@code io/jctl/dist/cds/<role>.classlist}), so that even the first {@code jctld up} of a new
 * machine maps them instead of loading and verifying ~7 000 classes per JVM from jars.
 */
package io.jctl.dist.cds;
