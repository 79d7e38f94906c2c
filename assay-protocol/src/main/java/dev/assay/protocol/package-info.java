/** Protocol discovery (QBITEL): flows read from captures, classified by structural validators and a learned model under an SLA. */
package dev.assay.protocol;
