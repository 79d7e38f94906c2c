package dev.assay.core.tlog;

import dev.assay.core.InvalidInputException;

/** A Merkle proof that does not prove what it claims, with the reason. */
public final class InvalidProofException extends InvalidInputException {
    public InvalidProofException(String message) {
        super(message);
    }
}
