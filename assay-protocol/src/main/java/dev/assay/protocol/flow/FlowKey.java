package dev.assay.protocol.flow;

import dev.assay.protocol.capture.Packet;
import java.util.Arrays;

/** A flow's identity, the same both ways: the VLAN, the IP protocol and the two (address, port) ends in a fixed order. */
final class FlowKey {
    private final int vlan;
    private final int protocol;
    private final byte[] low;
    private final int lowPort;
    private final byte[] high;
    private final int highPort;
    private final int hash;

    private FlowKey(int vlan, int protocol, byte[] low, int lowPort, byte[] high, int highPort) {
        this.vlan = vlan;
        this.protocol = protocol;
        this.low = low;
        this.lowPort = lowPort;
        this.high = high;
        this.highPort = highPort;
        int h = 31 * vlan + protocol;
        h = 31 * h + Arrays.hashCode(low);
        h = 31 * h + lowPort;
        h = 31 * h + Arrays.hashCode(high);
        this.hash = 31 * h + highPort;
    }

    static FlowKey of(Packet p) {
        int c = Arrays.compareUnsigned(p.source(), p.destination());
        if (c == 0) c = Integer.compare(p.sourcePort(), p.destinationPort());
        return c <= 0
                ? new FlowKey(p.vlan(), p.ipProtocol(), p.source(), p.sourcePort(), p.destination(), p.destinationPort())
                : new FlowKey(p.vlan(), p.ipProtocol(), p.destination(), p.destinationPort(), p.source(), p.sourcePort());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && hash == k.hash && vlan == k.vlan && protocol == k.protocol
                && lowPort == k.lowPort && highPort == k.highPort && Arrays.equals(low, k.low) && Arrays.equals(high, k.high);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
