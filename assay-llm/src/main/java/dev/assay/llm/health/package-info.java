/** The health of the model clients, the spending budget and the output monitor, and the alert rules over them. */
package dev.assay.llm.health;
