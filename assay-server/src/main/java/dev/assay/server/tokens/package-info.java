/**
 * HTTP routes for bearer tokens (admin only): create, list, revoke.
 */
package dev.assay.server.tokens;
