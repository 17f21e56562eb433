/**
 * Watch fan-out: one store watch per resource feeds every HTTP watcher, with a window of recent
 * events to resume from; older resourceVersions go to the store, and compacted ones get 410.
 */
package io.jctl.apiserver.watch;
