/**
 * Test stand-ins for controller ITs: {@link io.jctl.controllers.testing.ControllerItSupport} owns an
 * in-process api-server, an admin client and a controller-manager; {@link io.jctl.controllers.testing.FakeKubelet}
 * binds pods to its node and marks them Running and Ready through the API, as scheduler and agent would.
 */
package io.jctl.controllers.testing;
