/**
 * The HTTP service (Javalin): the server, its route table with access levels, the bearer guard, the request
 * filter, and the one JSON error shape; capabilities plug in as {@code ApiModule}s.
 */
package dev.assay.server;
