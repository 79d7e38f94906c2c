/** The agent action guard: decides ALLOW, DENY or ESCALATE for the actions an LLM agent proposes, cheapest check first, failing closed. */
package dev.assay.agent;
