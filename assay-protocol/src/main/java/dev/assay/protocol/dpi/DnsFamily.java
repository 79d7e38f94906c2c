package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Optional;

/**
 * DNS (RFC 1035) and the protocols sharing its message format, told apart by port as nDPI does:
 * MDNS (5353), LLMNR (5355), NetBIOS name service (137). A message must parse exactly: the four
 * section counts walk names (labels of at most 63 bytes, compression pointers pointing backwards)
 * and fixed fields to the end of the datagram (or of the TCP length prefix). A response must
 * carry the query's id and question.
 */
final class DnsFamily implements Validator {
    @Override
    public List<String> labels() {
        return List.of("DNS", "MDNS", "LLMNR", "NetBIOS");
    }

    /** A parsed message: id, flags, the first question's name, type and where the question sits. */
    record Message(int id, int flags, int questions, int records, String qname, int qtype, int questionEnd) {
        boolean response() {
            return (flags & 0x8000) != 0;
        }
    }

    @Override
    public Optional<Match> match(Flow flow) {
        Evidence ev = new Evidence();
        Message query = null;
        Message answer = null;
        Bytes qb = null;
        Bytes ab = null;
        List<Bytes> unparsed = new java.util.ArrayList<>();
        List<Message> queries = new java.util.ArrayList<>();
        List<Message> answers = new java.util.ArrayList<>();
        List<Bytes> queryBytes = new java.util.ArrayList<>();
        List<Bytes> answerBytes = new java.util.ArrayList<>();
        if (flow.udp()) {
            // the first few datagrams of each side; one that does not parse is set aside (a capture can hold a
            // malformed answer), but at least one message must parse exactly
            for (Direction d : Direction.values()) {
                int n = 0;
                for (Bytes p : flow.packets(d)) {
                    if (n++ >= 4) break;
                    Message m = parse(p);
                    if (m == null) {
                        unparsed.add(p);
                        continue;
                    }
                    (m.response() ? answers : queries).add(m);
                    (m.response() ? answerBytes : queryBytes).add(p);
                }
            }
        } else if (flow.tcp()) {
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int len = s.u16(0);
                if (len < 12 || !s.has(2, len)) return Optional.empty();
                Bytes body = s.slice(2, len);
                Message m = parse(body);
                if (m == null) return Optional.empty();
                ev.add("TCP length prefix " + len + " frames the message exactly", 6, s, 0, 2);
                if (m.response()) {
                    answer = m;
                    ab = body;
                } else {
                    query = m;
                    qb = body;
                }
            }
        } else {
            return Optional.empty();
        }
        if (flow.udp()) {
            // the query and the answer to show: a pair with the same id when there is one
            if (!queries.isEmpty()) {
                query = queries.get(0);
                qb = queryBytes.get(0);
            }
            if (!answers.isEmpty()) {
                answer = answers.get(0);
                ab = answerBytes.get(0);
            }
            boolean paired = false;
            for (int i = 0; i < queries.size() && !paired; i++) for (int j = 0; j < answers.size() && !paired; j++) {
                if (queries.get(i).id == answers.get(j).id) {
                    query = queries.get(i);
                    qb = queryBytes.get(i);
                    answer = answers.get(j);
                    ab = answerBytes.get(j);
                    paired = true;
                }
            }
            boolean multicast = flow.anyPort(5353, 5355, 137);
            if (!paired && query != null && answer != null && !multicast) return Optional.empty();
            if (paired && query.qname != null && answer.qname != null && !query.qname.equalsIgnoreCase(answer.qname) && !multicast) return Optional.empty();
        }
        if (query == null && answer == null) return Optional.empty();
        if (unparsed.size() > 2) return Optional.empty();
        for (Message m : new Message[] {query, answer}) {
            if (m == null) continue;
            Bytes b = m == query ? qb : ab;
            // every message of the kind that parsed is cited: any of them alone would have been the evidence
            List<ByteRange> reads = new java.util.ArrayList<>();
            reads.add(b.range(0, b.length()));
            for (Bytes other : m == query ? queryBytes : answerBytes) if (other != b) reads.add(other.range(0, other.length()));
            ev.add((m.response() ? "response" : "query") + ": header, " + m.questions + " question(s) and " + m.records
                    + " record(s) parse to the end of the message", 14 + Math.min(12, 2 * (m.questions + m.records)), reads.toArray(ByteRange[]::new));
        }
        if (query != null && answer != null && query.id == answer.id && answer.qname == null) {
            ev.add("answer without a question carries the query's id", 6, qb.range(0, 2), ab.range(0, 4));
        } else if (query != null && answer != null && query.id == answer.id && query.qname != null
                && query.qname.equalsIgnoreCase(answer.qname)) {
            ev.add("response carries the query's id and question", 16, qb.range(0, query.questionEnd), ab.range(0, answer.questionEnd));
        } else if (query != null && answer == null) {
            for (Bytes p : unparsed) {
                if (p.direction == qb.direction || !p.has(0, query.questionEnd) || (p.u8(2) & 0x80) == 0) continue;
                boolean same = p.u16(0) == query.id;
                for (int i = 12; same && i < query.questionEnd; i++) same = p.u8(i) == qb.u8(i);
                if (same) {
                    ev.add("answer (not parsing to its end) echoes the query's id and question", 10, qb.range(0, query.questionEnd), p.range(0, query.questionEnd));
                    break;
                }
            }
        }
        String label = "DNS";
        if (flow.port(5353)) label = "MDNS";
        else if (flow.port(5355)) label = "LLMNR";
        else if (flow.port(137)) label = "NetBIOS";
        if (flow.anyPort(53, 5353, 5355, 137)) ev.port(label + " port", 4);
        String name = query != null ? query.qname : answer.qname;
        String app = "DNS".equals(label) ? Hosts.application(name) : null;
        return Optional.of(ev.match(label, app));
    }

    /** Parses one whole message; null when anything is inconsistent or bytes are left over. */
    static Message parse(Bytes b) {
        if (b.length() < 12) return null;
        int flags = b.u16(2);
        int opcode = (flags >> 11) & 0xf;
        if (opcode > 6 || opcode == 3) return null;
        int rcode = flags & 0xf;
        int qd = b.u16(4);
        int an = b.u16(6);
        int ns = b.u16(8);
        int ar = b.u16(10);
        if (qd > 16 || an + ns + ar > 512) return null;
        // an empty message is only an answer refusing something (a non-zero rcode)
        if (qd + an + ns + ar == 0 && ((flags & 0x8000) == 0 || rcode == 0)) return null;
        if ((flags & 0x8000) == 0 && (rcode != 0 || an > 16)) return null;
        int at = 12;
        String qname = null;
        int qtype = 0;
        for (int i = 0; i < qd; i++) {
            StringBuilder name = new StringBuilder();
            int after = name(b, at, name);
            if (after < 0 || !b.has(after, 4)) return null;
            int cls = b.u16(after + 2) & 0x7fff;
            if (cls != 1 && cls != 3 && cls != 4 && cls != 255 && cls != 254) return null;
            if (i == 0) {
                qname = name.toString();
                qtype = b.u16(after);
            }
            at = after + 4;
        }
        int questionEnd = at;
        for (int i = 0; i < an + ns + ar; i++) {
            int after = name(b, at, null);
            if (after < 0 || !b.has(after, 10)) return null;
            int rdlen = b.u16(after + 8);
            if (!b.has(after + 10, rdlen)) return null;
            at = after + 10 + rdlen;
        }
        if (at != b.length()) return null;
        return new Message(b.u16(0), flags, qd, an + ns + ar, qname, qtype, questionEnd);
    }

    /** Walks a name at {@code at}; returns the offset after it (after the first pointer), or -1. */
    static int name(Bytes b, int at, StringBuilder out) {
        int end = -1;
        int p = at;
        int total = 0;
        for (int hops = 0; hops < 64; hops++) {
            int len = b.u8(p);
            if (len < 0) return -1;
            if (len == 0) return end < 0 ? p + 1 : end;
            if ((len & 0xc0) == 0xc0) {
                int target = b.u16(p) & 0x3fff;
                if (target < 12 || target >= p) return -1;
                if (end < 0) end = p + 2;
                p = target;
                continue;
            }
            if ((len & 0xc0) != 0 || !b.has(p + 1, len)) return -1;
            total += len + 1;
            if (total > 255) return -1;
            if (out != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(b.ascii(p + 1, len));
            }
            p += 1 + len;
        }
        return -1;
    }
}
