/**
 * The agent action guard over HTTP: {@code POST /api/v1/agent/check}, every decision in the ledger and counted, the
 * human approval queue of escalated actions ({@code /api/v1/agent/approvals}), and the dashboard's agent page.
 */
package dev.assay.server.agent;
