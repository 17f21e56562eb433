package io.jctl.runtime.network;

/** A pod's address on the node's bridge: {@code ip}/{@code prefixLength}, default route via {@code gateway}. */
public record PodNetworkStatus(String ip, int prefixLength, String gateway) {
}
