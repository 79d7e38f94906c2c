package dev.assay.protocol.capture;

import java.util.Objects;

/**
 * One IP packet as the capture gave it, after link-layer decoding and fragment reassembly: its
 * time in microseconds since the epoch, the innermost VLAN id (-1 without a tag), the addresses
 * (4 or 16 bytes), the IP protocol number of the transport, the ports (0 for transports without
 * them), for TCP the sequence number and the flags byte, the length of the whole IP packet on
 * the wire, and the transport payload (as captured; shorter than on the wire when the snapshot
 * length cut it). The arrays are the packet's own (and, as in any record, compared by identity).
 */
public record Packet(long timestampMicros, int vlan, byte[] source, byte[] destination, int ipProtocol,
                     int sourcePort, int destinationPort, long tcpSequence, int tcpFlags, int wireLength, byte[] payload) {
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    public Packet {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(payload, "payload");
        if (source.length != destination.length || (source.length != 4 && source.length != 16)) {
            throw new IllegalArgumentException("addresses must both be 4 or 16 bytes: " + source.length + ", " + destination.length);
        }
    }

    /** {@code src:port -> dst:port}, the IP protocol and the payload size, for messages and debugging. */
    @Override
    public String toString() {
        return address(source) + ":" + sourcePort + " -> " + address(destination) + ":" + destinationPort
                + " proto " + ipProtocol + (vlan >= 0 ? " vlan " + vlan : "") + ", " + payload.length + " bytes";
    }

    private static String address(byte[] a) {
        return a.length == 4 ? AddressText.of(a) : "[" + AddressText.of(a) + "]";
    }

    /** Whether every flag of {@code mask} is set (TCP only). */
    public boolean has(int mask) {
        return (tcpFlags & mask) == mask;
    }
}
