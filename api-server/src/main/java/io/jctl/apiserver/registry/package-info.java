/**
 * The kinds the api-server serves. A {@link io.jctl.apiserver.registry.ResourceType} per kind
 * carries identity, defaulting, validation and table columns; the registry finds them by path.
 */
package io.jctl.apiserver.registry;
