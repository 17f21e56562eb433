/**
 * Work queues for controllers with client-go's promise: duplicate keys collapse, a key is never
 * processed by two workers at once, and failed keys are retried with per-key exponential backoff
 * under a shared token bucket. Optionally exported as the client-go workqueue metrics.
 */
package io.jctl.api.client.workqueue;
