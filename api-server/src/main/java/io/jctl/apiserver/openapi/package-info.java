/**
 * The OpenAPI v3 documents kubectl reads before it writes: {@code /openapi/v3} lists one document
 * per served group-version, each with the paths, operations and query parameters of every
 * registered kind and component schemas generated from the fabric8 model classes. The JSON shape
 * of those classes ({@link io.jctl.apiserver.openapi.ModelShape}) is also what unknown-field
 * detection walks, so the documents and the server agree on which fields exist.
 */
package io.jctl.apiserver.openapi;
