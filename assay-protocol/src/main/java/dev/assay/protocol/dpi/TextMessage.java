package dev.assay.protocol.dpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The grammar HTTP, RTSP, SIP and SSDP share (RFC 9112 section 2-5): a start line, then header
 * fields {@code name ":" value} one a line until an empty line. A request line is
 * {@code method SP target SP PROTO/d.d}; a status line is {@code PROTO/d.d SP 3DIGIT SP reason}.
 * Lines end with CRLF (a bare LF is tolerated); the target is taken up to the last space before the version. Parsing stops at the end of the available bytes:
 * a message cut inside its header block keeps the complete fields before the cut.
 */
final class TextMessage {
    static final int MAX_METHOD = 24;
    static final int MAX_LINE = 8192;

    /** One header field: its name, value, and where the line sits in the window. */
    record Field(String name, String value, int offset, int length) {}

    final boolean request;
    final String method;     // requests
    final String target;     // requests
    final int status;        // responses
    final String protocol;   // HTTP, RTSP, SIP
    final int major;
    final int minor;
    final int startLineLength;
    final List<Field> fields;
    final boolean headerComplete;

    private TextMessage(boolean request, String method, String target, int status, String protocol, int major, int minor,
                        int startLineLength, List<Field> fields, boolean headerComplete) {
        this.request = request;
        this.method = method;
        this.target = target;
        this.status = status;
        this.protocol = protocol;
        this.major = major;
        this.minor = minor;
        this.startLineLength = startLineLength;
        this.fields = fields;
        this.headerComplete = headerComplete;
    }

    String field(String name) {
        for (Field f : fields) if (f.name.equalsIgnoreCase(name)) return f.value;
        return null;
    }

    Field fieldEntry(String name) {
        for (Field f : fields) if (f.name.equalsIgnoreCase(name)) return f;
        return null;
    }

    /** The end of the line starting at {@code from} (index of its CR or LF), or -1 when not complete. */
    static int lineEnd(Bytes b, int from) {
        int i = b.lineFeed(from, (int) Math.min(b.length(), (long) from + MAX_LINE));
        if (i < 0) return -1;
        return i > from && b.u8(i - 1) == '\r' ? i - 1 : i;
    }

    /** The offset after the line terminator of a line ending at {@code end}. */
    static int nextLine(Bytes b, int end) {
        return b.u8(end) == '\r' ? end + 2 : end + 1;
    }

    /** The token characters of RFC 9110 section 5.6.2: visible ASCII but the separators. */
    private static final boolean[] TCHAR = new boolean[0x80];

    static {
        for (int c = 0x21; c < 0x7f; c++) TCHAR[c] = "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    static boolean tchar(int c) {
        return c >= 0 && c < 0x80 && TCHAR[c];
    }

    /** A request line of {@code protocol} (e.g. {@code "HTTP"}) at the window's start, with its header block; null when malformed. */
    static TextMessage request(Bytes b, String protocol) {
        int end = lineEnd(b, 0);
        if (end < 0) return null;
        int sp1 = -1;
        for (int i = 0; i < end && i <= MAX_METHOD; i++) {
            int c = b.u8(i);
            if (c == ' ') {
                sp1 = i;
                break;
            }
            if (!(c >= 'A' && c <= 'Z' || c == '-' || c == '_')) return null;
        }
        if (sp1 < 1) return null;
        int sp2 = -1;
        for (int i = end - 1; i > sp1; i--) if (b.u8(i) == ' ') {
            sp2 = i;
            break;
        }
        if (sp2 <= sp1 + 1) return null;
        for (int i = sp1 + 1; i < sp2; i++) {
            // a space inside the target is not HTTP, but scanners send it and servers read it up to the version
            int c = b.u8(i);
            if (c < 0x20 || c == 0x7f) return null;
        }
        int[] version = version(b, sp2 + 1, end, protocol);
        if (version == null) return null;
        TextMessage head = new TextMessage(true, b.ascii(0, sp1), b.ascii(sp1 + 1, sp2 - sp1 - 1), 0, protocol,
                version[0], version[1], nextLine(b, end), null, false);
        return head.withFields(b);
    }

    /** A status line of {@code protocol} at the window's start, with its header block; null when malformed. */
    static TextMessage response(Bytes b, String protocol) {
        int end = lineEnd(b, 0);
        int vlen = protocol.length() + 4;
        if (end < vlen + 4) return null;
        int[] version = version(b, 0, vlen, protocol);
        if (version == null || b.u8(vlen) != ' ') return null;
        int status = 0;
        for (int i = vlen + 1; i < vlen + 4; i++) {
            int c = b.u8(i);
            if (c < '0' || c > '9') return null;
            status = status * 10 + c - '0';
        }
        if (status < 100 || status > 699) return null;
        if (end > vlen + 4 && b.u8(vlen + 4) != ' ') return null;
        for (int i = vlen + 5; i < end; i++) {
            int c = b.u8(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) return null;
        }
        TextMessage head = new TextMessage(false, null, null, status, protocol, version[0], version[1], nextLine(b, end), null, false);
        return head.withFields(b);
    }

    private static int[] version(Bytes b, int from, int end, String protocol) {
        if (end - from != protocol.length() + 4 || !b.startsWith(from, protocol + "/")) return null;
        int p = from + protocol.length() + 1;
        int major = b.u8(p);
        int minor = b.u8(p + 2);
        if (major < '0' || major > '9' || b.u8(p + 1) != '.' || minor < '0' || minor > '9') return null;
        return new int[] {major - '0', minor - '0'};
    }

    private TextMessage withFields(Bytes b) {
        List<Field> out = new ArrayList<>();
        int at = startLineLength;
        boolean complete = false;
        while (at < b.length()) {
            int end = lineEnd(b, at);
            if (end < 0) break;
            if (end == at) {
                complete = true;
                break;
            }
            int colon = -1;
            for (int i = at; i < end; i++) {
                int c = b.u8(i);
                if (c == ':') {
                    colon = i;
                    break;
                }
                if (!tchar(c)) return null;
            }
            if (colon <= at) return null;
            for (int i = colon + 1; i < end; i++) {
                int c = b.u8(i);
                if (c == 0 || c == '\r' || c == '\n') return null;
            }
            out.add(new Field(b.ascii(at, colon - at), b.ascii(colon + 1, end - colon - 1).strip(), at, end - at));
            at = nextLine(b, end);
        }
        return new TextMessage(request, method, target, status, protocol, major, minor, startLineLength, List.copyOf(out), complete);
    }

    String methodUpper() {
        return method == null ? null : method.toUpperCase(Locale.ROOT);
    }
}
