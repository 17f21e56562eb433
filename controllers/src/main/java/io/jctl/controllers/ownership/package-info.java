/**
 * Ownership between controllers and their dependents: claiming (adopt, keep, release) by label
 * selector and controller ownerReference, shared by the ReplicaSet and Deployment controllers.
 */
package io.jctl.controllers.ownership;
