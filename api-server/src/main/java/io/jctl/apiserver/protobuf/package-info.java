/**
 * Reads the Kubernetes protobuf encoding ({@code application/vnd.kubernetes.protobuf}: the
 * {@code k8s\0} magic, then a runtime.Unknown envelope) into the object's Kubernetes JSON, so
 * bodies kubectl's generators send go through the same JSON pipeline as any other request.
 * Decoding is driven by a generated field table ({@code k8s-1.32.schema}) and needs no protobuf
 * runtime; only the kinds listed in that table are understood, anything else is a 400.
 */
package io.jctl.apiserver.protobuf;
