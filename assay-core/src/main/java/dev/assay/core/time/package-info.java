/**
 * Time helpers: {@code ManualClock}, a {@link java.time.Clock} that tests and replays advance by hand.
 */
package dev.assay.core.time;
