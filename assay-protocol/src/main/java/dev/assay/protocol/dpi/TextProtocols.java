package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Line-oriented and text-framed protocols: each has a grammar for its lines and, where it helps, an agreement between the two directions. */
final class TextProtocols {
    private TextProtocols() {}

    /** A complete line: where it starts, its text without the terminator, and the offset after the terminator. */
    record Line(int offset, String text, int next) {}

    /**
     * The complete lines at the start of {@code b} (at most {@code max}); stops at the first line with a control byte other than TAB.
     * From the window's start, what was read is kept in the window, so that the validators that ask again read no byte twice.
     */
    static List<Line> lines(Bytes b, int from, int max) {
        if (from != 0) {
            LineScan scan = new LineScan(from);
            scan.read(b, max);
            return scan.lines;
        }
        if (b.lines == null) b.lines = new LineScan(0);
        b.lines.read(b, max);
        List<Line> read = b.lines.lines;
        return List.copyOf(read.size() <= max ? read : read.subList(0, max));
    }

    /** Lines read from a start offset, as far as asked, and whether reading them has come to its end. */
    static final class LineScan {
        final List<Line> lines = new ArrayList<>();
        private int at;
        private boolean ended;

        LineScan(int from) {
            at = from;
        }

        /** Reads on until there are {@code max} lines or no further complete, clean line. */
        void read(Bytes b, int max) {
            while (!ended && lines.size() < max) {
                if (at >= b.length()) {
                    ended = true;
                    return;
                }
                int end = TextMessage.lineEnd(b, at);
                if (end < 0) {
                    ended = true;
                    return;
                }
                for (int i = at; i < end; i++) {
                    int c = b.u8(i);
                    if (c < 0x20 && c != '\t' || c == 0x7f) {
                        ended = true;
                        return;
                    }
                }
                lines.add(new Line(at, b.ascii(at, end - at), TextMessage.nextLine(b, end)));
                at = TextMessage.nextLine(b, end);
            }
        }
    }

    static boolean digits(String s, int from, int to) {
        if (to > s.length() || from >= to) return false;
        for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    /** SSH (RFC 4253 section 4.2): identification lines {@code SSH-protoversion-softwareversion}, then a KEXINIT binary packet whose lengths add up. */
    static final class Ssh implements Validator {
        @Override
        public List<String> labels() {
            return List.of("SSH");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            String[] versions = new String[2];
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                List<Line> ls = lines(s, 0, 8);
                Line id = null;
                for (Line l : ls) if (l.text.startsWith("SSH-")) {
                    id = l;
                    break;
                }
                if (id == null) return Optional.empty();
                String t = id.text;
                int dash = t.indexOf('-', 4);
                if (dash < 0 || t.length() > 253 || dash == t.length() - 1) return Optional.empty();
                String proto = t.substring(4, dash);
                if (!Set.of("2.0", "1.99", "1.5", "1.3").contains(proto)) return Optional.empty();
                for (int i = 0; i < t.length(); i++) if (t.charAt(i) < 0x20 || t.charAt(i) > 0x7e) return Optional.empty();
                versions[d.ordinal()] = proto;
                ev.add("identification line SSH-" + proto + "-software", 28, s, id.offset, id.next - id.offset);
                int p = id.next;
                if (s.has(p, 6)) {
                    long len = s.u32(p);
                    int pad = s.u8(p + 4);
                    if (len < 12 || len > 35_000 || pad < 4 || pad >= len || (len + 4) % 8 != 0 || s.u8(p + 5) != 20) {
                        if (s.u8(p + 5) == 20 || len > 35_000) return Optional.empty();
                    } else {
                        ev.add("binary packet: length, padding and KEXINIT code agree", 14, s, p, 6);
                    }
                }
            }
            if (versions[0] == null && versions[1] == null) return Optional.empty();
            if (versions[0] != null && versions[1] != null) {
                boolean compatible = versions[0].equals(versions[1]) || versions[0].equals("1.99") || versions[1].equals("1.99");
                if (!compatible) return Optional.empty();
                ev.port("both ends speak SSH " + versions[0] + " / " + versions[1], 4);
            }
            if (flow.port(22)) ev.port("SSH port", 2);
            return Optional.of(ev.match("SSH"));
        }
    }

    /** A reply line of the SMTP/FTP kind: three digits and SP or '-', or null. */
    static boolean replyLine(String t) {
        return t.length() >= 3 && digits(t, 0, 3) && t.charAt(0) >= '1' && t.charAt(0) <= '5'
                && (t.length() == 3 || t.charAt(3) == ' ' || t.charAt(3) == '-');
    }

    /** Whether the lines are replies, a multi-line reply ({@code ddd-}) running to its {@code ddd } line with free text between. */
    static boolean replies(List<Line> lines) {
        String open = null;
        for (Line l : lines) {
            String t = l.text;
            if (open != null) {
                if (t.startsWith(open + " ")) open = null;
                continue;
            }
            if (!replyLine(t)) return false;
            if (t.length() > 3 && t.charAt(3) == '-') open = t.substring(0, 3);
        }
        return true;
    }

    static final Set<String> SMTP_COMMANDS = Set.of("EHLO", "HELO", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "QUIT", "VRFY",
            "STARTTLS", "AUTH", "EXPN", "HELP", "BDAT");
    static final Set<String> FTP_COMMANDS = Set.of("USER", "PASS", "ACCT", "CWD", "CDUP", "QUIT", "PORT", "PASV", "EPSV", "EPRT",
            "TYPE", "STRU", "MODE", "RETR", "STOR", "STOU", "APPE", "ALLO", "REST", "RNFR", "RNTO", "ABOR", "DELE", "RMD", "MKD",
            "PWD", "LIST", "NLST", "SITE", "SYST", "STAT", "HELP", "NOOP", "FEAT", "OPTS", "AUTH", "PBSZ", "PROT", "SIZE", "MDTM",
            "MLSD", "MLST", "XPWD", "CLNT", "LANG");
    static final Set<String> POP3_COMMANDS = Set.of("USER", "PASS", "APOP", "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET",
            "QUIT", "TOP", "UIDL", "CAPA", "STLS", "AUTH");
    static final Set<String> IMAP_COMMANDS = Set.of("CAPABILITY", "NOOP", "LOGOUT", "STARTTLS", "AUTHENTICATE", "LOGIN",
            "SELECT", "EXAMINE", "CREATE", "DELETE", "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "LIST", "LSUB", "STATUS", "APPEND",
            "CHECK", "CLOSE", "EXPUNGE", "SEARCH", "FETCH", "STORE", "COPY", "UID", "ID", "IDLE", "NAMESPACE", "ENABLE", "XLIST");

    static String verb(String line) {
        int sp = line.indexOf(' ');
        return (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
    }

    /**
     * SMTP, POP3 and IMAP (RFC 5321, 1939, 9051): the server's greeting in its grammar ({@code 220}
     * reply, {@code +OK}, {@code * OK}), client commands from the protocol's vocabulary, and for
     * IMAP the server's tagged answer naming the client's tag. A STARTTLS (POP3: STLS) that the
     * server accepts makes it SMTPS / IMAPS / POPS, as nDPI labels them.
     */
    static final class Mail implements Validator {
        @Override
        public List<String> labels() {
            return List.of("SMTP", "SMTPS", "POP3", "POPS", "IMAP", "IMAPS");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            Bytes b = flow.b();
            List<Line> head = lines(b, 0, 1); // the greeting decides whether to read on
            if (head.isEmpty()) return Optional.empty();
            String greet = head.get(0).text;
            if (!greet.startsWith("220") && !greet.startsWith("+OK") && !greet.startsWith("* OK") && !greet.startsWith("* PREAUTH")) return Optional.empty();
            List<Line> server = lines(b, 0, 16);
            List<Line> client = lines(a, 0, 16);
            if (greet.startsWith("220")) return smtp(flow, a, b, client, server);
            if (greet.startsWith("+OK")) return pop3(flow, a, b, client, server);
            if (greet.startsWith("* OK") || greet.startsWith("* PREAUTH")) return imap(flow, a, b, client, server);
            return Optional.empty();
        }

        private Optional<Match> smtp(Flow flow, Bytes a, Bytes b, List<Line> client, List<Line> server) {
            Evidence ev = new Evidence();
            if (!replies(server)) return Optional.empty();
            int replies = server.size();
            ev.add(replies + " reply lines (3-digit code, SP or '-')", 14 + Math.min(8, 2 * replies), b, 0, server.get(server.size() - 1).next);
            if (client.isEmpty()) {
                if (!flow.anyPort(25, 587, 465, 2525)) return Optional.empty();
                ev.port("SMTP port", 2);
                return Optional.of(ev.match("SMTP"));
            }
            String first = verb(client.get(0).text);
            if (!first.equals("EHLO") && !first.equals("HELO")) return Optional.empty();
            int known = 0;
            boolean starttls = false;
            int tlsAt = -1;
            for (Line l : client) {
                String v = verb(l.text);
                if (!SMTP_COMMANDS.contains(v)) break;
                known++;
                if (v.equals("STARTTLS")) {
                    starttls = true;
                    tlsAt = l.next;
                    break;
                }
            }
            ev.add("client opens with " + first + ", " + known + " SMTP command(s)", 12 + Math.min(8, 2 * known), a, 0, client.get(known - 1).next);
            String label = "SMTP";
            if (starttls && server.stream().anyMatch(l -> l.offset > 0 && l.text.startsWith("220"))) {
                label = "SMTPS";
                ev.add("STARTTLS accepted", 2, a, client.get(known - 1).offset, client.get(known - 1).next - client.get(known - 1).offset);
                Optional<Match> tls = new Tls().matchStreams(flow, a.from(tlsAt), b, -1);
                tls.ifPresent(t -> t.checks().forEach(c -> ev.add(c.name(), c.bits() / 2, c.reads().toArray(ByteRange[]::new))));
                String app = tls.map(Match::application).orElse(null);
                if (flow.anyPort(25, 587)) ev.port("SMTP port", 2);
                return Optional.of(ev.match(label, app));
            }
            if (flow.anyPort(25, 587)) ev.port("SMTP port", 2);
            return Optional.of(ev.match(label));
        }

        private Optional<Match> pop3(Flow flow, Bytes a, Bytes b, List<Line> client, List<Line> server) {
            Evidence ev = new Evidence().add("greeting +OK", 12, b, 0, server.get(0).next - server.get(0).offset);
            int known = 0;
            boolean stls = false;
            for (Line l : client) {
                String v = verb(l.text);
                if (!POP3_COMMANDS.contains(v)) break;
                known++;
                if (v.equals("STLS")) {
                    stls = true;
                    break;
                }
            }
            if (!client.isEmpty() && known == 0) return Optional.empty();
            if (known > 0) ev.add(known + " POP3 command(s)", 10 + Math.min(8, 2 * known), a, 0, client.get(known - 1).next);
            int status = 0;
            for (Line l : server) if (l.text.startsWith("+OK") || l.text.startsWith("-ERR")) status++;
            if (status > 1) ev.add(status + " status lines +OK / -ERR", Math.min(8, 2 * status), b, 0, server.get(server.size() - 1).next);
            if (known == 0 && !flow.anyPort(110, 995)) return Optional.empty();
            if (flow.anyPort(110)) ev.port("POP3 port", 2);
            return Optional.of(ev.match(stls ? "POPS" : "POP3"));
        }

        private Optional<Match> imap(Flow flow, Bytes a, Bytes b, List<Line> client, List<Line> server) {
            Evidence ev = new Evidence().add("untagged greeting * OK", 14, b, 0, server.get(0).next - server.get(0).offset);
            boolean starttls = false;
            int known = 0;
            for (Line l : client) {
                String[] parts = l.text.split(" ", 3);
                if (parts.length < 2 || parts[0].isEmpty() || !IMAP_COMMANDS.contains(parts[1].toUpperCase(Locale.ROOT))) break;
                known++;
                String tag = parts[0];
                if (parts[1].equalsIgnoreCase("STARTTLS")) starttls = true;
                for (Line r : server) {
                    if (r.text.startsWith(tag + " OK") || r.text.startsWith(tag + " NO") || r.text.startsWith(tag + " BAD")) {
                        ev.add("tagged answer " + tag + " to " + parts[1], 6, a.range(l.offset, l.next - l.offset), b.range(r.offset, r.next - r.offset));
                        break;
                    }
                }
                if (starttls) break;
            }
            if (!client.isEmpty() && known == 0) return Optional.empty();
            if (known > 0) ev.add(known + " tagged IMAP command(s)", 10 + Math.min(8, 2 * known), a, 0, client.get(known - 1).next);
            if (known == 0 && !flow.anyPort(143, 993)) return Optional.empty();
            if (flow.port(143)) ev.port("IMAP port", 2);
            return Optional.of(ev.match(starttls ? "IMAPS" : "IMAP"));
        }
    }

    /** FTP control (RFC 959): reply lines from the server (a 220 greeting first), commands of FTP's vocabulary from the client, USER first or after AUTH/FEAT. */
    static final class FtpControl implements Validator {
        @Override
        public List<String> labels() {
            return List.of("FTP_CONTROL", "FTPS");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            List<Line> head = lines(flow.b(), 0, 1); // the greeting decides whether to read on
            if (head.isEmpty() || !head.get(0).text.startsWith("220")) return Optional.empty();
            List<Line> server = lines(flow.b(), 0, 16);
            List<Line> client = lines(flow.a(), 0, 16);
            Evidence ev = new Evidence();
            if (!replies(server)) return Optional.empty();
            ev.add(server.size() + " reply lines, a 220 greeting first", 14 + Math.min(8, 2 * server.size()), flow.b(), 0, server.get(server.size() - 1).next);
            int known = 0;
            boolean user = false;
            for (Line l : client) {
                String v = verb(l.text);
                if (!FTP_COMMANDS.contains(v)) break;
                if (SMTP_COMMANDS.contains(v) && !FTP_COMMANDS.contains(v)) return Optional.empty();
                if (v.equals("USER")) user = true;
                known++;
            }
            if (!client.isEmpty() && known == 0) return Optional.empty();
            if (known > 0) ev.add(known + " FTP command(s)" + (user ? ", USER among them" : ""), 8 + (user ? 8 : 0) + Math.min(8, 2 * known),
                    flow.a(), 0, client.get(known - 1).next);
            if (known == 0 && !flow.port(21)) return Optional.empty();
            if (flow.port(21)) ev.port("FTP port 21", 2);
            // AUTH TLS / AUTH SSL accepted with 234 turns the control connection into TLS: nDPI's FTPS
            for (int i = 0; i < known; i++) {
                String c = client.get(i).text.toUpperCase(Locale.ROOT);
                if ((c.startsWith("AUTH TLS") || c.startsWith("AUTH SSL")) && server.stream().anyMatch(l -> l.text.startsWith("234"))) {
                    ev.add("AUTH TLS accepted (234)", 2, flow.a(), client.get(i).offset, client.get(i).next - client.get(i).offset);
                    return Optional.of(ev.match("FTPS"));
                }
            }
            return Optional.of(ev.match("FTP_CONTROL"));
        }
    }

    /** Telnet (RFC 854): the stream opens with IAC option negotiations (WILL/WONT/DO/DONT option, SB ... SE), each well formed. */
    static final class Telnet implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Telnet");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            int total = 0;
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.u8(0) != 0xff) continue;
                int at = 0;
                int n = 0;
                while (s.u8(at) == 0xff && n < 64) {
                    int cmd = s.u8(at + 1);
                    if (cmd >= 0xfb && cmd <= 0xfe) {
                        if (s.u8(at + 2) < 0) break;
                        at += 3;
                    } else if (cmd == 0xfa) {
                        int se = -1;
                        for (int i = at + 3; i + 1 < s.length() && i < at + 512; i++) if (s.u8(i) == 0xff && s.u8(i + 1) == 0xf0) {
                            se = i;
                            break;
                        }
                        if (se < 0) break;
                        at = se + 2;
                    } else if (cmd >= 0xf1 && cmd <= 0xf9) {
                        at += 2;
                    } else {
                        return Optional.empty();
                    }
                    n++;
                }
                if (n == 0) continue;
                ev.add(n + " well-formed IAC negotiation(s)", Math.min(24, 4 + 3 * n), s, 0, at);
                total += n;
            }
            if (total < 2) return Optional.empty();
            if (flow.port(23)) ev.port("Telnet port 23", 4);
            return Optional.of(ev.match("Telnet"));
        }
    }

    static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    /** Syslog (RFC 5424, RFC 3164): every message opens with {@code <PRI>} (0-191, no leading zero), then a version 1 and timestamp, or a BSD {@code Mmm dd hh:mm:ss} timestamp, and printable text. */
    static final class Syslog implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Syslog");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.udp() && !flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            List<Bytes> msgs = flow.udp() ? flow.packets(Direction.A_TO_B) : List.of(flow.a());
            int n = 0;
            for (Bytes p : msgs) {
                if (n >= 4) break;
                if (p.u8(0) != '<') return Optional.empty();
                int close = p.indexOf('>', 1);
                if (close < 2 || close > 4) return Optional.empty();
                String pri = p.ascii(1, close - 1);
                if (!digits(pri, 0, pri.length()) || pri.length() > 1 && pri.charAt(0) == '0' || Integer.parseInt(pri) > 191) return Optional.empty();
                int at = close + 1;
                String rest = p.ascii(at, Math.min(p.length() - at, 16));
                boolean v1 = rest.startsWith("1 ") && rest.length() >= 3 && (Character.isDigit(rest.charAt(2)) || rest.charAt(2) == '-');
                boolean bsd = rest.length() >= 16 && MONTHS.contains(rest.substring(0, 3)) && rest.charAt(3) == ' '
                        && rest.charAt(9) == ':' && rest.charAt(12) == ':' && rest.charAt(15) == ' ';
                int printable = 0;
                for (int i = at; i < p.length(); i++) {
                    int c = p.u8(i);
                    if (c >= 0x20 && c < 0x7f || c == '\t' || c >= 0x80) printable++;
                    else if (c != '\n' && c != '\r' && !(c == 0 && i == p.length() - 1)) return Optional.empty();
                }
                if (printable < 4) return Optional.empty();
                ev.add("<" + pri + "> priority" + (v1 ? ", version 1" : bsd ? ", BSD timestamp" : "") + ", printable message", 12 + (v1 || bsd ? 12 : 0),
                        p, 0, p.length());
                n++;
                if (flow.tcp()) break;
            }
            if (n == 0) return Optional.empty();
            if (flow.anyPort(514, 601, 6514)) ev.port("syslog port", 4);
            return Optional.of(ev.match("Syslog"));
        }
    }

    /**
     * FIX tag=value messages: {@code 8=BeginString}, {@code 9=BodyLength}, {@code 35=MsgType}, the
     * body length reaching exactly the trailer {@code 10=} (whose checksum must be the byte sum mod
     * 256) or the next message's {@code 8=}; messages chained from the start of a direction.
     */
    static final class Fix implements Validator {
        @Override
        public List<String> labels() {
            return List.of("FIX");
        }

        /** The offset after the message at {@code at}, -1 when malformed, -2 when it runs past the data; {@code sum[0]} gets 1 when a checksum was verified. */
        static int message(Bytes s, int at, int[] sum) {
            if (!s.startsWith(at, "8=")) return -1;
            int soh = s.indexOf(1, at + 2);
            if (soh < 0 || soh - at > 18) return -1;
            for (int i = at + 2; i < soh; i++) if (s.u8(i) <= 0x20 || s.u8(i) > 0x7e) return -1;
            if (!s.startsWith(soh + 1, "9=")) return -1;
            int soh2 = s.indexOf(1, soh + 3);
            if (soh2 < 0 || soh2 - soh - 3 > 7 || soh2 == soh + 3) return -1;
            String lenText = s.ascii(soh + 3, soh2 - soh - 3);
            if (!digits(lenText, 0, lenText.length())) return -1;
            int bodyStart = soh2 + 1;
            if (s.startsWith(at + 2, "FIXCOMP\u0001")) {
                // FIX compressed: a zlib stream (CMF 0x78, header check: CMF*256+FLG a multiple of 31)
                int cmf = s.u8(bodyStart);
                int flg = s.u8(bodyStart + 1);
                if (cmf != 0x78 || flg < 0 || (cmf * 256 + flg) % 31 != 0) return -1;
            } else if (!s.startsWith(bodyStart, "35=")) {
                return -1;
            }
            int trailer = bodyStart + Integer.parseInt(lenText);
            if (!s.has(trailer, 2)) return -2;
            if (s.startsWith(trailer, "10=")) {
                if (!s.has(trailer, 7)) return -2;
                if (s.u8(trailer + 6) != 1) return -1;
                int total = 0;
                for (int i = at; i < trailer; i++) total += s.u8(i);
                String given = s.ascii(trailer + 3, 3);
                if (!digits(given, 0, 3) || Integer.parseInt(given) != (total & 0xff)) return -1;
                sum[0] = 1;
                return trailer + 7;
            }
            return s.startsWith(trailer, "8=") ? trailer : -1;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int at = 0;
                int n = 0;
                int sums = 0;
                while (at < s.length() && n < 16) {
                    int[] sum = {0};
                    int next = message(s, at, sum);
                    if (next == -2) break;
                    if (next < 0) {
                        if (n == 0) return Optional.empty();
                        break;
                    }
                    sums += sum[0];
                    at = next;
                    n++;
                }
                if (n == 0) continue;
                ev.add(n + " message(s): BeginString, BodyLength reaching the trailer or the next message, MsgType", 20 + Math.min(12, 4 * n), s, 0, at);
                if (sums > 0) ev.add(sums + " CheckSum(s) equal to the byte sum mod 256", 16, s, 0, at);
            }
            if (ev.size() == 0) return Optional.empty();
            return Optional.of(ev.match("FIX"));
        }
    }

    /** XMPP (RFC 6120) as nDPI's Jabber: an XML stream header {@code <stream:stream} in the jabber:client or jabber:server namespace, from either side. */
    static final class Jabber implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Jabber");
        }

        static final List<String> STANZAS = List.of("<iq ", "<message ", "<message>", "<presence ", "<presence>", "<presence/>");

        /** The value of attribute {@code name} in the start tag at {@code at} (quoted with ' or "), or null. */
        static String attribute(Bytes s, int at, String name) {
            int end = s.indexOf('>', at);
            if (end < 0) return null;
            String tag = s.ascii(at, end - at);
            for (String q : new String[] {"'", "\""}) {
                int i = tag.indexOf(" " + name + "=" + q);
                if (i >= 0) {
                    int from = i + name.length() + 3;
                    int to = tag.indexOf(q, from);
                    return to < 0 ? null : tag.substring(from, to);
                }
            }
            return null;
        }

        /** A flow seen after its stream header: stanzas (iq, message, presence) from both ends, an iq answered by one with the same id. */
        static Optional<Match> stanzas(Flow flow) {
            Evidence ev = new Evidence();
            String[] ids = new String[2];
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) return Optional.empty();
                String kind = null;
                for (String k : STANZAS) if (s.startsWith(k)) kind = k;
                if (kind == null || s.indexOf('>', 0) < 0) return Optional.empty();
                ids[d.ordinal()] = kind.equals("<iq ") ? attribute(s, 0, "id") : null;
                ev.add("stanza " + kind.strip(), 10, s, 0, s.indexOf('>', 0) + 1);
            }
            if (ids[0] != null && ids[0].equals(ids[1])) {
                ev.add("iq answered with the same id", 16, flow.a().range(0, flow.a().indexOf('>', 0) + 1), flow.b().range(0, flow.b().indexOf('>', 0) + 1));
            }
            if (flow.anyPort(5222, 5269)) ev.port("XMPP port", 4);
            return Optional.of(ev.match("Jabber"));
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            if (flow.a().u8(0) == '<' && !flow.a().startsWith("<?xml") && !flow.a().startsWith("<stream:") && !flow.a().startsWith("</stream:")) return stanzas(flow);
            Evidence ev = new Evidence();
            String ns = null;
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                int at = 0;
                if (s.startsWith("<?xml")) {
                    int end = s.indexOf("?>", 0);
                    if (end < 0) return Optional.empty();
                    at = end + 2;
                    while (s.u8(at) == '\n' || s.u8(at) == '\r' || s.u8(at) == ' ') at++;
                }
                if (s.length() <= at) continue;
                if (at == 0 && s.length() == 16 && s.startsWith("</stream:stream>")) {
                    ev.add("stream closing tag", 24, s, 0, 16);
                    ns = ns == null ? "" : ns;
                    continue;
                }
                if (!s.startsWith(at, "<stream:stream")) return Optional.empty();
                int end = s.indexOf('>', at);
                if (end < 0) return Optional.empty();
                String tag = s.ascii(at, end - at);
                String mine = tag.contains("jabber:client") ? "jabber:client" : tag.contains("jabber:server") ? "jabber:server" : null;
                if (mine == null || !tag.contains("http://etherx.jabber.org/streams")) return Optional.empty();
                if (ns != null && !ns.isEmpty() && !ns.equals(mine)) return Optional.empty();
                ns = mine;
                ev.add("stream header in namespace " + mine, 30, s, at, end - at + 1);
            }
            if (ns == null) return Optional.empty();
            return Optional.of(ev.match("Jabber"));
        }
    }

    static final Set<String> IRC_COMMANDS = Set.of("NICK", "USER", "PASS", "CAP", "JOIN", "PRIVMSG", "NOTICE", "PING", "PONG",
            "MODE", "QUIT", "PART", "WHO", "WHOIS", "TOPIC", "LIST", "NAMES", "ERROR", "AUTHENTICATE");

    /** IRC (RFC 2812): messages {@code [:prefix SP] command params CRLF}, commands named or 3-digit numerics; the client registers with NICK/USER/PASS/CAP. */
    static final class Irc implements Validator {
        @Override
        public List<String> labels() {
            return List.of("IRC");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            List<Line> head = lines(flow.a(), 0, 1); // the first command decides whether to read on
            if (head.isEmpty() || !Set.of("NICK", "USER", "PASS", "CAP").contains(verb(head.get(0).text))) return Optional.empty();
            List<Line> client = lines(flow.a(), 0, 8);
            if (client.size() < 2) return Optional.empty();
            boolean nick = false;
            for (Line l : client) {
                String[] w = l.text.split(" ");
                if (verb(l.text).equals("USER") && (w.length < 5 || !l.text.contains(" :"))) return Optional.empty();
                if (verb(l.text).equals("NICK") && w.length == 2) nick = true;
            }
            if (!nick) return Optional.empty();
            List<Line> greeting = lines(flow.b(), 0, 1);
            if (!greeting.isEmpty() && replyLine(greeting.get(0).text)) return Optional.empty();
            int ok = 0;
            for (Line l : client) {
                String t = l.text.startsWith(":") && l.text.indexOf(' ') > 0 ? l.text.substring(l.text.indexOf(' ') + 1) : l.text;
                String c = verb(t);
                if (!IRC_COMMANDS.contains(c) && !(c.length() == 3 && digits(c, 0, 3))) break;
                ok++;
            }
            if (ok < 2) return Optional.empty();
            Evidence ev = new Evidence().add(ok + " IRC messages, registration first", 16 + Math.min(12, 3 * ok), flow.a(), 0, client.get(ok - 1).next);
            List<Line> server = lines(flow.b(), 0, 4);
            if (!server.isEmpty() && server.get(0).text.startsWith(":")) {
                String[] parts = server.get(0).text.split(" ", 3);
                if (parts.length >= 2 && (IRC_COMMANDS.contains(parts[1]) || digits(parts[1], 0, 3) && parts[1].length() == 3)) {
                    ev.add("server message with prefix", 8, flow.b(), 0, server.get(0).next);
                }
            }
            return Optional.of(ev.match("IRC"));
        }
    }

    /** rsync daemon protocol: each side greets with {@code @RSYNCD: major.minor}. */
    static final class Rsync implements Validator {
        static final Pattern VERSION = Pattern.compile("\\d{1,3}(\\.\\d{1,3})?");

        @Override
        public List<String> labels() {
            return List.of("RSYNC");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                List<Line> l = lines(s, 0, 1);
                if (l.isEmpty() || !l.get(0).text.startsWith("@RSYNCD: ")) return Optional.empty();
                String rest = l.get(0).text.substring(9);
                String ver = rest.indexOf(' ') < 0 ? rest : rest.substring(0, rest.indexOf(' '));
                if (!VERSION.matcher(ver).matches()) return Optional.empty();
                ev.add("greeting @RSYNCD: " + ver, 30, s, 0, l.get(0).next);
            }
            if (ev.size() == 0) return Optional.empty();
            return Optional.of(ev.match("RSYNC"));
        }
    }

    /** HL7 v2 over MLLP: a block {@code 0x0B} + {@code MSH|^~\&|...} (the field separator and encoding characters declared by MSH) ended by {@code 0x1C 0x0D}. */
    static final class Hl7 implements Validator {
        @Override
        public List<String> labels() {
            return List.of("HL7");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Evidence ev = new Evidence();
            for (Direction d : Direction.values()) {
                Bytes s = flow.stream(d);
                if (s.length() == 0) continue;
                if (s.u8(0) != 0x0b || !s.startsWith(1, "MSH")) return Optional.empty();
                int sep = s.u8(4);
                if (sep < 0x21 || sep > 0x7e || Character.isLetterOrDigit(sep)) return Optional.empty();
                int enc = s.indexOf(sep, 5);
                if (enc < 7 || enc > 9) return Optional.empty();
                ev.add("MLLP start block and MSH segment declaring its separators", 28, s, 0, enc + 1);
                int end = s.indexOf(0x1c, 5);
                if (end > 0 && s.u8(end + 1) == 0x0d) ev.add("MLLP end block", 8, s, end, 2);
            }
            if (ev.size() == 0) return Optional.empty();
            return Optional.of(ev.match("HL7"));
        }
    }

    /** Git protocol: pkt-lines (4 hex digits counting themselves, {@code 0000} flush) chaining from the start; the client asks for git-upload-pack or git-receive-pack. */
    static final class Git implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Git");
        }

        static int hex4(Bytes s, int at) {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int c = s.u8(at + i);
                int h = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (h < 0) return -1;
                v = v * 16 + h;
            }
            return v;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            int len = hex4(a, 0);
            if (len < 8 || !a.has(0, len)) return Optional.empty();
            if (!a.startsWith(4, "git-upload-pack ") && !a.startsWith(4, "git-receive-pack ") && !a.startsWith(4, "git-upload-archive ")) return Optional.empty();
            Evidence ev = new Evidence().add("pkt-line request for " + a.ascii(4, a.indexOf(' ', 4) - 4), 30, a, 0, len);
            Bytes b = flow.b();
            int at = 0;
            int n = 0;
            while (b.has(at, 4) && n < 64) {
                int l = hex4(b, at);
                if (l < 0 || l > 0 && l < 4) return Optional.empty();
                if (l == 0) {
                    at += 4;
                    n++;
                    break;
                }
                if (!b.has(at, l)) break;
                at += l;
                n++;
            }
            if (n > 0) ev.add(n + " pkt-lines chained in the answer", Math.min(16, 4 * n), b, 0, at);
            if (flow.port(9418)) ev.port("git port 9418", 2);
            return Optional.of(ev.match("Git"));
        }
    }

    /** RESP (Redis): the first message parses exactly: arrays {@code *N} of bulk strings {@code $len} whose lengths agree with their bytes, or simple replies. */
    static final class Resp implements Validator {
        static final Pattern INTEGER = Pattern.compile("-?\\d{1,19}");
        static final Pattern BULK_LENGTH = Pattern.compile("\\d{1,9}");
        static final Pattern ARRAY_LENGTH = Pattern.compile("\\d{1,6}");

        @Override
        public List<String> labels() {
            return List.of("RESP");
        }

        /** The offset after one RESP value at {@code at}, or -1; {@code depth} bounds nesting. */
        static int value(Bytes s, int at, int depth) {
            if (depth > 8) return -1;
            int type = s.u8(at);
            int end = TextMessage.lineEnd(s, at);
            if (end < 0 || s.u8(end) != '\r') return -1;
            String head = s.ascii(at + 1, end - at - 1);
            int next = end + 2;
            switch (type) {
                case '+', '-' -> {
                    return next;
                }
                case ':' -> {
                    return INTEGER.matcher(head).matches() ? next : -1;
                }
                case '$' -> {
                    if (head.equals("-1")) return next;
                    if (!BULK_LENGTH.matcher(head).matches()) return -1;
                    int n = Integer.parseInt(head);
                    if (!s.has(next, n + 2) || s.u8(next + n) != '\r' || s.u8(next + n + 1) != '\n') return -1;
                    return next + n + 2;
                }
                case '*' -> {
                    if (head.equals("-1")) return next;
                    if (!ARRAY_LENGTH.matcher(head).matches()) return -1;
                    int n = Integer.parseInt(head);
                    int p = next;
                    for (int i = 0; i < n; i++) {
                        p = value(s, p, depth + 1);
                        if (p < 0) return -1;
                    }
                    return p;
                }
                default -> {
                    return -1;
                }
            }
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            Bytes a = flow.a();
            if (a.u8(0) != '*') return Optional.empty();
            int end = value(a, 0, 0);
            if (end < 0) return Optional.empty();
            Evidence ev = new Evidence().add("command array whose bulk-string lengths agree with their bytes", 30, a, 0, end);
            Bytes b = flow.b();
            if (b.length() > 0) {
                int r = value(b, 0, 0);
                if (r < 0 && b.length() < Flow.STREAM_LIMIT) {
                    if ("+-:$*".indexOf(b.u8(0)) < 0) return Optional.empty();
                } else if (r > 0) {
                    ev.add("reply parses as one RESP value", 10, b, 0, r);
                }
            }
            if (flow.port(6379)) ev.port("Redis port 6379", 2);
            return Optional.of(ev.match("RESP"));
        }
    }

    static final Set<String> MEMCACHED_COMMANDS = Set.of("get", "gets", "set", "add", "replace", "append", "prepend", "cas",
            "delete", "incr", "decr", "touch", "gat", "gats", "stats", "version", "flush_all", "verbosity", "quit", "mg", "ms", "md", "ma", "mn");

    /**
     * Memcached: the binary protocol (magic 0x80 request / 0x81 response, a 24-byte header whose key
     * and extras lengths fit the total body length), or the text protocol (a known command; a
     * storage command's byte count agreeing with the data block that follows; STAT/VALUE/END replies).
     */
    static final class Memcached implements Validator {
        @Override
        public List<String> labels() {
            return List.of("Memcached");
        }

        @Override
        public Optional<Match> match(Flow flow) {
            Bytes a = flow.udp() ? flow.firstPacket(Direction.A_TO_B) : flow.a();
            if (a == null || a.length() == 0) return Optional.empty();
            if (flow.udp()) {
                if (a.length() < 8 || a.u16(4) == 0 || a.u16(6) != 0 || a.u16(2) >= a.u16(4)) return Optional.empty();
                a = a.from(8);
            }
            Evidence ev = new Evidence();
            if (a.u8(0) == 0x80) {
                int keyLen = a.u16(2);
                int extras = a.u8(4);
                long body = a.u32(8);
                if (a.u8(5) != 0 || body < 0 || keyLen + extras > body || body > 1 << 20 || !a.has(0, 24)) return Optional.empty();
                ev.add("binary request header: magic, key and extras lengths within the body length", 24, a, 0, 24);
                Bytes b = flow.udp() ? flow.firstPacket(Direction.B_TO_A) : flow.b();
                if (b != null && b.length() >= 24 && !flow.udp()) {
                    if (b.u8(0) != 0x81 || b.u8(1) != a.u8(1) || b.u32(12) != a.u32(12)) return Optional.empty();
                    ev.add("response echoes the opcode and opaque value", 20, b.range(0, 16), a.range(12, 4));
                }
                return Optional.of(ev.match("Memcached"));
            }
            List<Line> ls = lines(a, 0, 1); // the command line decides whether to read on
            if (ls.isEmpty()) return Optional.empty();
            String[] words = ls.get(0).text.split(" ");
            if (words.length == 0 || !MEMCACHED_COMMANDS.contains(words[0])) return Optional.empty();
            ev.add("command " + words[0], 12, a, 0, ls.get(0).next);
            if (Set.of("set", "add", "replace", "append", "prepend", "cas").contains(words[0])) {
                if (words.length < 5 || !digits(words[4], 0, words[4].length())) return Optional.empty();
                int n = Integer.parseInt(words[4]);
                int data = ls.get(0).next;
                if (a.has(data, n + 2)) {
                    if (a.u8(data + n) != '\r' || a.u8(data + n + 1) != '\n') return Optional.empty();
                    ev.add("data block of the declared " + n + " bytes", 14, a, data, n + 2);
                }
            }
            Bytes b = flow.b();
            List<Line> rs = lines(b, 0, 2);
            if (!rs.isEmpty()) {
                String r = rs.get(0).text;
                if (!(r.startsWith("STAT ") || r.startsWith("VALUE ") || r.equals("END") || r.equals("STORED") || r.equals("NOT_STORED")
                        || r.startsWith("VERSION ") || r.equals("DELETED") || r.equals("NOT_FOUND") || r.equals("OK") || r.equals("ERROR")
                        || r.equals("EXISTS") || r.equals("TOUCHED") || digits(r, 0, r.length()) || r.startsWith("CLIENT_ERROR") || r.startsWith("SERVER_ERROR"))) {
                    return Optional.empty();
                }
                ev.add("reply " + r.split(" ")[0], 14, b, 0, rs.get(0).next);
            } else if (!flow.port(11211)) {
                return Optional.empty();
            }
            if (flow.port(11211)) ev.port("memcached port 11211", 4);
            return Optional.of(ev.match("Memcached"));
        }
    }

    /** VNC / RFB (RFC 6143 section 7.1.1): the server's 12-byte {@code RFB xxx.yyy\n} and the client's answer in the same form, not newer than the server's. */
    static final class Vnc implements Validator {
        @Override
        public List<String> labels() {
            return List.of("VNC");
        }

        static int version(Bytes s) {
            if (!s.has(0, 12) || !s.startsWith("RFB ") || s.u8(7) != '.' || s.u8(11) != '\n') return -1;
            String t = s.ascii(4, 3) + s.ascii(8, 3);
            return digits(t, 0, 6) ? Integer.parseInt(t) : -1;
        }

        @Override
        public Optional<Match> match(Flow flow) {
            if (!flow.tcp()) return Optional.empty();
            int server = version(flow.b());
            int client = version(flow.a());
            if (server < 0 && client < 0) return Optional.empty();
            Evidence ev = new Evidence();
            if (server >= 0) ev.add("server ProtocolVersion RFB", 36, flow.b(), 0, 12);
            if (client >= 0) ev.add("client ProtocolVersion RFB", 36, flow.a(), 0, 12);
            if (server >= 0 && client >= 0 && client > server) return Optional.empty();
            return Optional.of(ev.match("VNC"));
        }
    }
}
