/**
 * HTTP routes of the registry: models, versions, deployments, promote, rollback and routing.
 */
package dev.assay.server.models;
