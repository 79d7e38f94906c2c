/**
 * Logging setup in code: {@link dev.assay.server.logging.JsonLogConfigurator}, found by Logback's
 * {@code ServiceLoader} before any file, writes JSON lines on stderr for the service and leaves the
 * appenders to the command line when it runs.
 */
package dev.assay.server.logging;
