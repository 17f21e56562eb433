/**
 * One {@link io.jctl.apiserver.registry.ResourceType} per served kind, listed by {@link
 * io.jctl.apiserver.registry.kinds.Kinds#all()}: identity, Kubernetes' defaulting and per-kind
 * validation, selectable fields, and the Table cells kubectl prints. Helpers here ({@code PodDefaults},
 * {@code PodTable}; the QoS class comes from {@code io.jctl.api.resources}) are pure functions of the object.
 */
package io.jctl.apiserver.registry.kinds;
