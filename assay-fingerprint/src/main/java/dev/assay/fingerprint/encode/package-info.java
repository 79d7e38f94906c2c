/**
 * Encoding responses: {@link dev.assay.fingerprint.encode.ResponseEncoder} turns a
 * {@link dev.assay.fingerprint.response.Response} into an {@link dev.assay.fingerprint.encode.EncodedResponse}:
 * a text hypervector (distinct byte n-grams), a structure hypervector (tool calls, their order and their
 * arguments' shapes), a vector-output hypervector (sign random projection) and integer scalar features, all
 * fixed by an {@link dev.assay.fingerprint.encode.EncoderConfig} whose hash travels with every signature.
 */
package dev.assay.fingerprint.encode;
