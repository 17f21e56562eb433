/**
 * Images: an OCI image layout under {@code <root>/images} (content-addressed blobs verified on
 * write, {@code index.json} naming manifests by reference), registry v2 pulls and tarball or
 * root-filesystem imports, and every layer unpacked once, in overlayfs form (whiteouts as 0:0
 * character devices, opaque directories by xattr), under {@code <root>/layers/sha256/<diff id>},
 * shared by every image and container that stacks it. Nothing half-written is ever found under a
 * final name: blobs, layers and the index are written aside and renamed into place.
 */
package io.jctl.runtime.image;
