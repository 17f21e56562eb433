/**
 * One {@link io.jctl.apiserver.registry.ResourceType} per served kind, listed by {@link
 * io.jctl.apiserver.registry.kinds.Kinds#all()}: identity, Kubernetes' defaulting and per-kind
 * validation, selectable fields, and the Table cells kubectl prints. Helpers here ({@code PodDefaults},
 * {@code QosClass}, {@code PodTable}) are pure functions of the object.
 */
package io.jctl.apiserver.registry.kinds;
