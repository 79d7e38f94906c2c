/** The agent action guard over HTTP: {@code POST /api/v1/agent/check}, every decision in the ledger and counted. */
package dev.assay.server.agent;
