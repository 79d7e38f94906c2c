package dev.assay.protocol.dpi;

import java.util.Optional;

/** A structural validator for one protocol (or a family that shares a grammar, such as DNS, MDNS and LLMNR). */
interface Validator {
    /** The labels this validator can answer, for listings. */
    java.util.List<String> labels();

    /** The match when the flow is consistent with the protocol; empty otherwise (never throws on any bytes). */
    Optional<Match> match(Flow flow);
}
