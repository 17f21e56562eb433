/**
 * Writing credential and configuration files safely: atomically (readers never see half a
 * file) and, for secrets, never readable by others, not even while being written.
 */
package io.jctl.api.files;
