/**
 * The endpoints controller: for every Service with a selector, an Endpoints object of the same
 * name listing the IPs of the matching pods (ready ones in {@code addresses}, the others in
 * {@code notReadyAddresses}), grouped by the set of target ports each pod resolves. Services
 * without a selector keep whatever Endpoints their users write; the object is written only when
 * its content changes.
 */
package io.jctl.controllers.endpoints;
