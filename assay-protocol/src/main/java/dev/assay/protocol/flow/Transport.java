package dev.assay.protocol.flow;

/** The layer-4 protocol of a flow, named as nDPI names it ({@code TCP}, {@code UDP}, or the IP protocol's name). */
public enum Transport {
    TCP, UDP, ICMP, ICMPV6, IGMP, SCTP, GRE, ESP, AH, OTHER;

    /** The IANA protocol number's transport; {@link #OTHER} for one not named here. */
    public static Transport ofIpProtocol(int number) {
        return switch (number) {
            case 6 -> TCP;
            case 17 -> UDP;
            case 1 -> ICMP;
            case 58 -> ICMPV6;
            case 2 -> IGMP;
            case 132 -> SCTP;
            case 47 -> GRE;
            case 50 -> ESP;
            case 51 -> AH;
            default -> OTHER;
        };
    }
}
