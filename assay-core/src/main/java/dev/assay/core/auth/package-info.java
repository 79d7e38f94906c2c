/**
 * Bearer tokens for the service: 256-bit random tokens stored only as SHA-256, with roles VIEWER < OPERATOR < ADMIN.
 */
package dev.assay.core.auth;
