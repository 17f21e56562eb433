/**
 * Pod volumes on the node: emptyDir (tmpfs for medium Memory), hostPath, configMap and secret
 * (secret on tmpfs), laid out under {@code <root>/pods/<uid>/volumes/} as the kubelet lays them
 * out, with the kubelet's atomic {@code ..data} symlink swap so containers never see a half
 * update. Returns the bind mounts a container's ContainerConfig carries.
 */
package io.jctl.agent.volume;
