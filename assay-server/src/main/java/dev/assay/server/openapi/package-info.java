/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI document generated from the route table.
 */
package dev.assay.server.openapi;
