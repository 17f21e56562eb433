/**
 * What every daemon component shares around its own logic: the flags that connect it to the
 * api-server and the plain-HTTP endpoint Prometheus scrapes.
 */
package io.jctl.api.component;
