package dev.assay.protocol.discover;

import dev.assay.protocol.flow.Direction;
import java.util.Objects;

/**
 * One message of a flow: which flow of the group it came from, its direction, its position among the flow's messages
 * in capture order, and its bytes.
 */
public record Message(int flow, Direction direction, int index, byte[] bytes) {
    public Message {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(bytes, "bytes");
    }

    public int length() {
        return bytes.length;
    }
}
