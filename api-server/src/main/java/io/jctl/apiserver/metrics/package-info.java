/** Prometheus metrics of the api-server, named as kube-apiserver names them. */
package io.jctl.apiserver.metrics;
