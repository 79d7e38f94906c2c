/**
 * The human approval queue of the agent guard ({@link dev.assay.agent.approval.ApprovalQueue}): an action the guard
 * ESCALATED waits, in the store, for a person to approve or deny it with a reason; a request nobody decided before it
 * expired is EXPIRED, which counts as a denial (fail closed). Every request, decision and expiry is a ledger entry
 * ({@code agent.approval.*}) committed with its state change, and a backlog (too many pending, or one waiting too
 * long) is reported as an alert for the caller to raise.
 */
package dev.assay.agent.approval;
