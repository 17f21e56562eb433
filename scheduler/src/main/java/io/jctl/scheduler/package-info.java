/**
 * The scheduler: places every Pod without a node onto a feasible node, chosen by filter and score
 * plugins, and binds it through {@code pods/binding}.
 */
package io.jctl.scheduler;
