/**
 * Informers in client-go's {@code tools/cache} shape, one job per file: a {@link io.jctl.api.client.cache.Reflector}
 * lists and watches, an {@link io.jctl.api.client.cache.Indexer} stores and indexes, a
 * {@link io.jctl.api.client.cache.SharedInformer} ties them together and tells handlers what changed.
 * Cached objects are shared and read-only: copy before you change one.
 */
package io.jctl.api.client.cache;
