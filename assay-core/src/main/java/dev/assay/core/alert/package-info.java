/**
 * Alerts: severities, the {@link dev.assay.core.alert.Alert} value, channels (SLF4J log, generic JSON
 * webhook, Slack-compatible incoming webhook, PagerDuty Events v2) and a non-blocking
 * {@link dev.assay.core.alert.AlertManager} with deduplication, per-channel token-bucket rate limits,
 * retries with seeded exponential backoff and jitter, bounded queues and a Micrometer counter
 * {@code assay.alerts} for every outcome.
 */
package dev.assay.core.alert;
