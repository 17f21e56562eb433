/**
 * The scheduler cache: nodes with their bound and assumed pods, kept current from the Node and
 * Pod informers and by the scheduler's own assume/forget, so decisions never wait for a bind to
 * come back through a watch.
 */
package io.jctl.scheduler.cache;
