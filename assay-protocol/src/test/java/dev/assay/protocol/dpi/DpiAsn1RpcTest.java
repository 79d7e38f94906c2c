package dev.assay.protocol.dpi;

import static dev.assay.protocol.dpi.Wire.*;

import org.junit.jupiter.api.Test;

class DpiAsn1RpcTest {
    static byte[] tlv(int tag, byte[] content) {
        return content.length < 128 ? bytes(tag, content.length, content) : bytes(tag, 0x82, u16(content.length), content);
    }

    /** AS-REQ (RFC 4120 5.4.1): [APPLICATION 10] SEQUENCE { [1] pvno 5, [2] msg-type 10, [4] req-body }. */
    static byte[] asReq(int pvno, int type) {
        byte[] seq = tlv(0x30, bytes(tlv(0xa1, tlv(0x02, bytes(pvno))), tlv(0xa2, tlv(0x02, bytes(type))), tlv(0xa4, tlv(0x30, zeros(20)))));
        return tlv(0x6a, seq);
    }

    /** KRB-ERROR: [APPLICATION 30] SEQUENCE { [0] pvno 5, [1] msg-type 30, ... }. */
    static byte[] krbError() {
        return tlv(0x7e, tlv(0x30, bytes(tlv(0xa0, tlv(0x02, bytes(5))), tlv(0xa1, tlv(0x02, bytes(30))), tlv(0xa6, tlv(0x02, bytes(25))))));
    }

    @Test
    void kerberosMsgTypeMatchesTheApplicationTag() {
        var v = new Asn1Protocols.Kerberos();
        accepts(v, "Kerberos", udp(50000, 88, asReq(5, 10), krbError()));
        byte[] req = asReq(5, 10);
        accepts(v, "Kerberos", tcp(50000, 88, bytes(u32(req.length), req)));
        refuses(v, udp(50000, 88, asReq(4, 10)));                                     // pvno 4
        refuses(v, udp(50000, 88, asReq(5, 12)));                                     // msg-type of a TGS-REQ under the AS-REQ tag
        refuses(v, udp(50000, 88, bytes(req, 0)));                                    // a byte beyond the message
        refuses(v, tcp(50000, 88, bytes(u32(req.length + 1), req)));
    }

    @Test
    void ldapMessageIds() {
        var v = new Asn1Protocols.Ldap();
        byte[] bind = tlv(0x30, bytes(tlv(0x02, bytes(1)), tlv(0x60, bytes(tlv(0x02, bytes(3)), tlv(0x04, bytes("cn=a")), tlv(0x80, bytes("pw"))))));
        byte[] bindResp = tlv(0x30, bytes(tlv(0x02, bytes(1)), tlv(0x61, bytes(tlv(0x0a, bytes(0)), tlv(0x04, bytes()), tlv(0x04, bytes())))));
        accepts(v, "LDAP", tcp(50000, 389, bind, bindResp));
        byte[] otherId = tlv(0x30, bytes(tlv(0x02, bytes(2)), tlv(0x61, bytes(tlv(0x0a, bytes(0)), tlv(0x04, bytes()), tlv(0x04, bytes())))));
        refuses(v, tcp(50000, 389, bind, otherId));
        refuses(v, tcp(50000, 389, bindResp));                                        // a response from the opener
        refuses(v, tcp(50000, 389, with(bind, 1, 0x7f)));                             // outer length past the data
    }

    /** An ONC RPC call (RFC 5531 9) with AUTH_NULL credentials and verifier. */
    static byte[] call(long xid, long prog, long vers, long proc, byte[] args) {
        return bytes(u32(xid), u32(0), u32(2), u32(prog), u32(vers), u32(proc), u32(0), u32(0), u32(0), u32(0), args);
    }

    @Test
    void nfsCallsAndReplies() {
        var v = new Rpc.Nfs();
        byte[] getattr = call(0x1001, 100003, 3, 1, bytes(u32(8), zeros(8)));
        byte[] reply = bytes(u32(0x1001), u32(1), u32(0), u32(0), u32(0), u32(0), u32(0));
        accepts(v, "NFS", udp(50000, 2049, getattr, reply));
        accepts(v, "NFS", tcp(50000, 2049, bytes(u32(0x80000000L | getattr.length), getattr), bytes(u32(0x80000000L | reply.length), reply)));
        refuses(v, udp(50000, 2049, getattr, with(reply, 3, 2)));                     // another xid
        refuses(v, udp(50000, 2049, call(1, 100004, 3, 1, zeros(8))));                // not an NFS program
        accepts(v, "NFS", udp(50000, 111, call(2, 100000, 2, 3, bytes(u32(100005), u32(3), u32(17), u32(0)))));
        refuses(v, udp(50000, 111, call(2, 100000, 2, 3, bytes(u32(100007), u32(3), u32(17), u32(0)))));   // portmapper asked about another program
    }
}
