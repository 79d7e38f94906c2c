/**
 * The shared core's root: the exception hierarchy every module throws ({@code AssayException}; user-fixable
 * {@code InvalidInputException}, {@code NotFoundException}, {@code ConflictException}; storage and ledger failures)
 * and {@code Hashing}, the one SHA-256 helper.
 */
package dev.assay.core;
