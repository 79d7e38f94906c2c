/**
 * HTTP routes of the ranking capability: release contract evaluation and ranking monitors.
 */
package dev.assay.server.ranking;
