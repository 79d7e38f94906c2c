package dev.assay.protocol.sla;

import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The cache key of a flow: a SHA-256 digest (first 128 bits) of everything a tier reads (the transport, both ports,
 * each segment's direction, wire length, time offset from the first segment and payload) and the classifier's
 * version. Two flows with the same content between the same ports share a result whatever their addresses; a
 * different payload byte, port, packet order or classifier version is another key.
 */
record FlowKey(long high, long low) {
    static FlowKey of(FlowSample flow, String version) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        ByteBuffer head = ByteBuffer.allocate(32);
        head.putInt(flow.l4().ordinal()).putInt(flow.a().port()).putInt(flow.b().port()).putInt(flow.segments().size());
        sha.update(head.array(), 0, head.position());
        sha.update(version.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long t0 = flow.segments().isEmpty() ? 0 : flow.segments().get(0).timestampMicros();
        ByteBuffer seg = ByteBuffer.allocate(24);
        for (Segment s : flow.segments()) {
            seg.clear();
            seg.putInt(s.direction().ordinal()).putInt(s.wireLength()).putLong(s.timestampMicros() - t0).putInt(s.payload().length);
            sha.update(seg.array(), 0, seg.position());
            sha.update(s.payload());
        }
        ByteBuffer d = ByteBuffer.wrap(sha.digest());
        return new FlowKey(d.getLong(), d.getLong());
    }
}
