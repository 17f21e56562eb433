/**
 * Events as the kubelet writes them (source component "kubelet", host the node), sent in the
 * background so that no pod worker waits for the api-server; repeats of one event within a
 * while raise its count instead of making a new object, as client-go's correlator does.
 */
package io.jctl.agent.event;
