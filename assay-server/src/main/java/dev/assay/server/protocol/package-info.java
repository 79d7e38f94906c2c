/** Protocol discovery over HTTP: classify a payload or an uploaded capture under a deadline, and the service's protocol mix. */
package dev.assay.server.protocol;
