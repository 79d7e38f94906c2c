package dev.assay.protocol.capture;

/** Why a record of a capture gave no packet. */
public enum SkipReason {
    /** The record's link type is not one this reader decodes (counted per link type as well). */
    UNKNOWN_LINK_TYPE,
    /** The frame carries something other than IPv4 or IPv6 (ARP, LLDP, ...). */
    NOT_IP,
    /** The captured bytes end inside a header (a short snapshot length, or a runt frame). */
    TRUNCATED,
    /** A header that cannot be right: a wrong IP version, a header length below its minimum. */
    MALFORMED,
    /** An IP fragment whose datagram never completed (timed out, too large, over the pending limit, or cut by the end of the capture). */
    INCOMPLETE_FRAGMENT,
    /** The file ends inside a record (a capture cut short); counted once. */
    CUT_SHORT
}
