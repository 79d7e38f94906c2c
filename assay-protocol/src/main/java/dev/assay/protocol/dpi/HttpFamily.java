package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** HTTP/1.x (and HTTP_Proxy, WebDAV), HTTP2 with prior knowledge, RTSP, SIP and SSDP: the start-line-and-fields grammar. */
final class HttpFamily {
    private HttpFamily() {}

    static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "TRACE", "PATCH");
    static final Set<String> WEBDAV_METHODS = Set.of("PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK",
            "SEARCH", "REPORT", "MKCALENDAR", "ACL", "VERSION-CONTROL", "CHECKOUT", "CHECKIN", "UNCHECKOUT", "MERGE");
    static final Set<String> RTSP_METHODS = Set.of("OPTIONS", "DESCRIBE", "SETUP", "PLAY", "PAUSE", "TEARDOWN", "ANNOUNCE",
            "RECORD", "GET_PARAMETER", "SET_PARAMETER", "REDIRECT");
    static final Set<String> SIP_METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACTICE",
            "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE", "PRACK");

    /** Bits for the header fields: a little for each well-formed one, capped. */
    static double fieldBits(TextMessage m) {
        return Math.min(12, 1.5 * m.fields.size()) + (m.headerComplete ? 4 : 0);
    }

    /** Where the header block ends: after the last complete field, and after the empty line when there is one. */
    static int headerLength(TextMessage m, Bytes b) {
        int end = m.startLineLength;
        if (!m.fields.isEmpty()) {
            TextMessage.Field last = m.fields.get(m.fields.size() - 1);
            end = TextMessage.nextLine(b, last.offset() + last.length());
        }
        if (m.headerComplete) end = TextMessage.nextLine(b, TextMessage.lineEnd(b, end));
        return Math.min(b.length(), end);
    }

    /** HTTP/1.x: a request line and fields from the opener, a status line and fields back, versions agreeing. */
    static final class Http implements Validator {
        @Override
        public List<String> labels() {
            return List.of("HTTP", "HTTP_Proxy", "HTTP_Connect");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            Bytes a = flow.a();
            Bytes b = flow.b();
            TextMessage req = TextMessage.request(a, "HTTP");
            if (req != null && (req.major > 1 || "PRI".equals(req.method))) req = null;
            TextMessage resp = TextMessage.response(b, "HTTP");
            if (req == null && resp == null) {
                // a flow seen from its answer on: the roles may be swapped
                req = TextMessage.request(b, "HTTP");
                resp = TextMessage.response(a, "HTTP");
                if (req != null && req.major > 1) req = null;
                Bytes t = a;
                a = b;
                b = t;
            }
            if (req == null && resp == null) return Optional.empty();
            String label = "HTTP";
            String app = null;
            if (req != null) {
                boolean known = HTTP_METHODS.contains(req.method) || WEBDAV_METHODS.contains(req.method);
                ev.add("request line: " + req.method + " target HTTP/" + req.major + "." + req.minor, known ? 24 : 14, a, 0, req.startLineLength);
                if (!req.fields.isEmpty() || req.headerComplete) {
                    ev.add(req.fields.size() + " well-formed header fields" + (req.headerComplete ? ", header block ends" : ""),
                            fieldBits(req), a, req.startLineLength, headerLength(req, a) - req.startLineLength);
                }
                if ("CONNECT".equals(req.method)) {
                    label = "HTTP_Connect";
                    ev.add("CONNECT request (a tunnel through a proxy)", 2, a, 0, 7);
                } else if (req.target.regionMatches(true, 0, "http://", 0, 7)) {
                    label = "HTTP_Proxy";
                    ev.add("absolute-form request target (a proxy request)", 2, a, req.method.length() + 1, Math.min(7, req.target.length()));
                }
                if (WEBDAV_METHODS.contains(req.method)) app = "WebDAV";
                TextMessage.Field host = req.fieldEntry("Host");
                String hostName = host != null ? host.value() : absoluteHost(req.target);
                if (app == null) app = Hosts.application(hostName);
                if (host != null) ev.add("Host: " + host.value(), 1, a, host.offset(), host.length());
            }
            if (resp != null) {
                ev.add("status line: HTTP/" + resp.major + "." + resp.minor + " " + resp.status, 22, b, 0, resp.startLineLength);
                if (!resp.fields.isEmpty()) {
                    ev.add(resp.fields.size() + " well-formed response header fields", fieldBits(resp), b, resp.startLineLength,
                            headerLength(resp, b) - resp.startLineLength);
                }
                if (req != null) {
                    if (req.major != resp.major) return Optional.empty();
                    ev.add("request and response agree on HTTP/" + req.major, 4, a.range(0, req.startLineLength), b.range(0, 8));
                }
            }
            if (flow.anyPort(80, 8080, 8000, 3128, 8008, 8888)) ev.port("HTTP port", 2);
            return Optional.of(ev.match(label, app));
        }

        static String absoluteHost(String target) {
            if (!target.regionMatches(true, 0, "http://", 0, 7)) return null;
            int end = target.indexOf('/', 7);
            return end < 0 ? target.substring(7) : target.substring(7, end);
        }
    }

    /**
     * HTTP/2 with prior knowledge (RFC 9113 section 3.4): the 24-byte preface, then frames whose
     * 9-byte headers chain (each length leads exactly to the next header), the first being a
     * SETTINGS frame on stream 0 whose length is a multiple of 6; the server's first frame a SETTINGS too.
     */
    static final class Http2 implements Validator {
        static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

        @Override
        public List<String> labels() {
            return List.of("HTTP2");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            if (!a.startsWith(PREFACE)) return Optional.empty();
            Evidence ev = new Evidence().add("client connection preface", 40, a, 0, PREFACE.length());
            int frames = settingsThenFrames(a.from(PREFACE.length()));
            if (frames < 0) return Optional.empty();
            if (frames > 0) ev.add(frames + " frames chained, the first SETTINGS on stream 0", 8 + 2 * Math.min(frames, 4), a, PREFACE.length(), 9);
            Bytes b = flow.b();
            if (b.length() > 0) {
                int back = settingsThenFrames(b);
                if (back <= 0) return Optional.empty();
                ev.add("server's first frame is SETTINGS, " + back + " frames chained", 8, b, 0, 9);
            }
            return Optional.of(ev.match("HTTP2"));
        }

        /** How many complete frames chain from the start, the first a SETTINGS on stream 0; -1 if inconsistent, 0 if none is complete. */
        static int settingsThenFrames(Bytes b) {
            if (b.length() < 9) return 0;
            int len = b.u24(0);
            if (b.u8(3) != 4 || (b.u32(5) & 0x7fffffffL) != 0 || (b.u8(4) & 1) == 0 && len % 6 != 0 || (b.u8(4) & 1) == 1 && len != 0) return -1;
            int at = 0;
            int n = 0;
            while (b.has(at, 9)) {
                int l = b.u24(at);
                if (b.u8(at + 3) > 0x20 || l > 16_777_215) return -1;
                if (!b.has(at + 9, l)) break;
                at += 9 + l;
                n++;
            }
            return n;
        }
    }

    /** RTSP (RFC 2326): request with CSeq from the opener; a response carrying the same CSeq back. */
    static final class Rtsp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("RTSP");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            Bytes b = flow.b();
            TextMessage req = TextMessage.request(a, "RTSP");
            TextMessage resp = TextMessage.response(b, "RTSP");
            if (req == null && resp == null) return Optional.empty();
            Evidence ev = new Evidence();
            if (req != null) {
                ev.add("request line: " + req.method + " target RTSP/" + req.major + "." + req.minor,
                        RTSP_METHODS.contains(req.method) ? 26 : 16, a, 0, req.startLineLength);
                if (!req.fields.isEmpty()) ev.add(req.fields.size() + " well-formed header fields", fieldBits(req), a, req.startLineLength,
                        headerLength(req, a) - req.startLineLength);
            }
            if (resp != null) {
                ev.add("status line: RTSP/" + resp.major + "." + resp.minor + " " + resp.status, 24, b, 0, resp.startLineLength);
            }
            if (req != null && resp != null) {
                TextMessage.Field qc = req.fieldEntry("CSeq");
                TextMessage.Field rc = resp.fieldEntry("CSeq");
                if (qc != null && rc != null) {
                    if (!qc.value().equals(rc.value())) return Optional.empty();
                    ev.add("response CSeq " + rc.value() + " answers the request's", 8, a.range(qc.offset(), qc.length()), b.range(rc.offset(), rc.length()));
                }
            }
            if (flow.anyPort(554, 8554)) ev.port("RTSP port", 2);
            return Optional.of(ev.match("RTSP"));
        }
    }

    /**
     * SIP (RFC 3261) over UDP or TCP: a request line with a SIP method, a CSeq field naming the
     * same method (section 8.1.1.5) and a Via field; a response whose CSeq method names a request method.
     */
    static final class Sip implements Validator {
        static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

        @Override
        public List<String> labels() {
            return List.of("SIP");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Evidence ev = new Evidence();
            int seen = 0;
            for (Direction d : Direction.values()) {
                Bytes p = flow.udp() ? flow.firstPacket(d) : flow.stream(d);
                if (p == null || p.length() == 0) continue;
                TextMessage m = TextMessage.request(p, "SIP");
                if (m != null) {
                    if (!SIP_METHODS.contains(m.method)) return Optional.empty();
                    ev.add("request line: " + m.method + " SIP/" + m.major + "." + m.minor, 26, p, 0, m.startLineLength);
                } else {
                    m = TextMessage.response(p, "SIP");
                    if (m == null) continue;
                    ev.add("status line: SIP/2.0 " + m.status, 24, p, 0, m.startLineLength);
                }
                TextMessage.Field cseq = m.fieldEntry("CSeq");
                if (cseq == null) cseq = m.fieldEntry("Cseq");
                if (cseq != null) {
                    String[] parts = SPACES.split(cseq.value());
                    if (parts.length != 2 || !parts[0].chars().allMatch(Character::isDigit) || !SIP_METHODS.contains(parts[1])) return Optional.empty();
                    if (m.request && !parts[1].equals(m.method)) return Optional.empty();
                    ev.add("CSeq " + cseq.value() + (m.request ? " names the request's method" : " names a SIP method"), 8, p, cseq.offset(), cseq.length());
                }
                TextMessage.Field via = m.fieldEntry("Via");
                if (via == null) via = m.fieldEntry("v");
                if (via != null && via.value().startsWith("SIP/2.0/")) ev.add("Via: SIP/2.0/transport", 6, p, via.offset(), via.length());
                seen++;
            }
            if (seen == 0) return Optional.empty();
            if (flow.anyPort(5060, 5061)) ev.port("SIP port", 2);
            return Optional.of(ev.match("SIP"));
        }
    }

    /** SSDP (UPnP): HTTP-over-UDP {@code M-SEARCH * HTTP/1.1} or {@code NOTIFY * HTTP/1.1} with the fields UPnP requires, or their answer. */
    static final class Ssdp implements Validator {
        @Override
        public List<String> labels() {
            return List.of("SSDP");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp()) return Optional.empty();
            Evidence ev = new Evidence();
            Bytes p = flow.firstPacket(Direction.A_TO_B);
            if (p == null) return Optional.empty();
            TextMessage m = TextMessage.request(p, "HTTP");
            if (m != null) {
                if (!("M-SEARCH".equals(m.method) || "NOTIFY".equals(m.method)) || !"*".equals(m.target)) return Optional.empty();
                ev.add("request line: " + m.method + " * HTTP/1.1", 30, p, 0, m.startLineLength);
                String need = "M-SEARCH".equals(m.method) ? "MAN" : "NT";
                TextMessage.Field f = m.fieldEntry(need);
                if (f == null) f = m.fieldEntry("ST");
                if (f != null) ev.add(f.name() + " field", 4, p, f.offset(), f.length());
            } else {
                m = TextMessage.response(p, "HTTP");
                if (m == null) return Optional.empty();
                TextMessage.Field st = m.fieldEntry("ST");
                TextMessage.Field usn = m.fieldEntry("USN");
                if (st == null || usn == null) return Optional.empty();
                ev.add("status line", 20, p, 0, m.startLineLength).add("ST and USN fields", 8, p.range(st.offset(), st.length()), p.range(usn.offset(), usn.length()));
            }
            if (flow.port(1900)) ev.port("SSDP port 1900", 4);
            return Optional.of(ev.match("SSDP"));
        }
    }
}
