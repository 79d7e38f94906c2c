package dev.assay.core.contract;

/** What a fired trigger asks its consumer to do. */
public enum Action {
    /** Raise an alert. */
    ALERT,
    /** Roll the deployment back (and alert). */
    ROLLBACK
}
