package io.jctl.scheduler.core;

/** The chosen node and how much of the cluster was looked at to choose it. */
public record ScheduleResult(String nodeName, int evaluatedNodes, int feasibleNodes) {
}
