/** The web dashboard: its page list route; the pages are static ES modules under {@code dashboard/} in the jar. */
package dev.assay.server.dashboard;
