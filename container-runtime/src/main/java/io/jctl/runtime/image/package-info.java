/**
 * Images: an OCI image layout under the runtime root with content-addressed, verified blobs;
 * registry v2 pulls and tarball imports; layers unpacked once (whiteouts honoured) and shared by
 * every image and container that stacks them.
 */
package io.jctl.runtime.image;
