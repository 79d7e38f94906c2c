package dev.assay.server;

/** The HTTP methods API routes use. */
public enum HttpMethod { GET, POST, PUT, PATCH, DELETE }
