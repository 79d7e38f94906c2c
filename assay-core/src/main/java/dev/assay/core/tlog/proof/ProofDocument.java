package dev.assay.core.tlog.proof;

import dev.assay.core.InvalidInputException;

/** A proof document of either format. */
public sealed interface ProofDocument permits InclusionProof, ConsistencyProof {
    /** The JSON document. */
    String toJson();

    /** Reads a document of either format, by its {@code format} field; a malformed one is an {@link InvalidInputException}. */
    static ProofDocument parse(String json) {
        String format = ProofJson.format(json);
        return switch (format) {
            case InclusionProof.FORMAT -> InclusionProof.parse(json);
            case ConsistencyProof.FORMAT -> ConsistencyProof.parse(json);
            default -> throw new InvalidInputException("the proof's format must be " + InclusionProof.FORMAT + " or "
                    + ConsistencyProof.FORMAT + ", but was '" + format + "'");
        };
    }
}
