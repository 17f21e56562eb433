/**
 * The OpenAPI documents kubectl reads before it writes: {@code /openapi/v3} lists one document per
 * served group-version, each with the paths, operations and write parameters of every registered
 * kind and component schemas generated from the fabric8 model classes; {@code /openapi/v2} is an
 * empty Swagger document that only keeps kubectl's {@code kind: List} handling working. The JSON
 * shape of the model classes ({@link io.jctl.apiserver.openapi.ModelShape}) is also what
 * unknown-field detection walks, so the documents and the server agree on which fields exist.
 */
package io.jctl.apiserver.openapi;
