/**
 * The {@code kubernetes} Service in {@code default}, kept as kube-apiserver's master endpoints
 * reconciler keeps it: the Service (cluster IP = first address of the service CIDR, port 443 to
 * the secure port, no selector) and its Endpoints, which list every api-server that renewed its
 * lease in the store lately. Each api-server writes only when something differs, so several on one
 * etcd agree instead of taking turns.
 */
package io.jctl.apiserver.kubeservice;
