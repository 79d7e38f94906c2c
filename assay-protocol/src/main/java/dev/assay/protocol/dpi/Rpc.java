package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Optional;

/** ONC RPC (RFC 5531) programs. */
final class Rpc {
    private Rpc() {}

    static final long NFS = 100_003;
    static final long MOUNT = 100_005;
    static final long PORTMAP = 100_000;
    static final long NLM = 100_021;
    static final long STATUS = 100_024;

    /**
     * NFS: an RPC call (message type 0, RPC version 2, program 100003 or its MOUNT helper, version
     * 2-4, credentials and verifier whose lengths fit), over TCP inside a record mark whose length
     * frames it; the reply carries the call's xid.
     */
    static final class Nfs implements Validator {
        @Override
        public List<String> labels() {
            return List.of("NFS");
        }

        static Bytes unmark(Flow flow, Bytes s, Evidence ev) {
            if (!flow.tcp()) return s;
            long mark = s.u32(0);
            if ((mark & 0x80000000L) == 0) return null;
            int len = (int) (mark & 0x7fffffff);
            if (len < 24 || len > 1 << 20) return null;
            if (ev != null) ev.add("record mark of " + len + " bytes", 4, s, 0, 4);
            return s.slice(4, len);
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp() && !flow.udp()) return Optional.empty();
            Evidence ev = new Evidence();
            Bytes a = flow.udp() ? flow.firstPacket(Direction.A_TO_B) : flow.a();
            if (a == null) return Optional.empty();
            a = unmark(flow, a, ev);
            if (a == null || a.u32(4) != 0 || a.u32(8) != 2) return Optional.empty();
            long prog = a.u32(12);
            long vers = a.u32(16);
            if (prog != NFS && prog != MOUNT && prog != PORTMAP || vers < 1 || vers > 4 || a.u32(20) > 100) return Optional.empty();
            long credLen = a.u32(28);
            if (a.u32(24) > 6 || credLen > 400 || !a.has(32, (int) credLen + 8)) return Optional.empty();
            long verfLen = a.u32(32 + (int) credLen + 4);
            if (verfLen > 400 || !a.has(40 + (int) credLen, (int) verfLen)) return Optional.empty();
            ev.add("RPC call: version 2, program " + prog + " version " + vers + ", credentials and verifier lengths fit", 40, a, 0, 40 + (int) credLen);
            if (prog == PORTMAP) {
                int args = 40 + (int) credLen + (int) verfLen;
                long asked = a.u32(args);
                if (asked != NFS && asked != MOUNT && asked != NLM && asked != STATUS) return Optional.empty();
                ev.add("portmapper asked about program " + asked + " of the NFS family", 8, a, args, 4);
            }
            Bytes b = flow.udp() ? flow.firstPacket(Direction.B_TO_A) : flow.b();
            if (b != null && b.length() > 0) {
                b = unmark(flow, b, null);
                if (b == null || !b.has(0, 12) || b.u32(0) != a.u32(0) || b.u32(4) != 1 || b.u32(8) > 1) return Optional.empty();
                ev.add("reply with the call's xid", 24, a.range(0, 4), b.range(0, 12));
            }
            if (flow.anyPort(2049, 111)) ev.port("NFS port", 2);
            return Optional.of(ev.match("NFS"));
        }
    }
}
