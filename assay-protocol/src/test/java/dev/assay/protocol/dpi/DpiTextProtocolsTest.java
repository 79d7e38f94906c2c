package dev.assay.protocol.dpi;

import static dev.assay.protocol.dpi.Wire.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Transport;
import org.junit.jupiter.api.Test;

class DpiTextProtocolsTest {
    static byte[] t(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** An SSH binary packet (RFC 4253 6) holding a KEXINIT: lengths such that the whole is a multiple of 8, padding at least 4. */
    static byte[] kexinit() {
        int payload = 30;
        int pad = 8 - ((4 + 1 + payload) % 8);
        if (pad < 4) pad += 8;
        return bytes(u32(1 + payload + pad), pad, 20, zeros(payload - 1), zeros(pad));
    }

    @Test
    void ssh() {
        var v = new TextProtocols.Ssh();
        accepts(v, "SSH", tcp(50000, 22, bytes("SSH-2.0-OpenSSH_9.6\r\n", kexinit()), bytes("SSH-2.0-dropbear\r\n", kexinit())));
        refuses(v, tcp(50000, 22, t("SSH-3.0-x\r\n")));
        refuses(v, tcp(50000, 22, t("SSH-2.0-x\r\n"), t("SSH-1.5-y\r\n")));                 // versions that cannot talk
        refuses(v, tcp(50000, 22, bytes("SSH-2.0-x\r\n", u32(99), 4, 20, zeros(20))));      // KEXINIT whose length is not block aligned
    }

    @Test
    void smtpWithStarttlsIsSmtps() {
        var v = new TextProtocols.Mail();
        assertThat(accepts(v, "SMTP", tcp(50000, 25, t("EHLO me\r\nMAIL FROM:<a@b>\r\n"), t("220 mx ESMTP\r\n250-mx\r\n250 SIZE\r\n"))).label()).isEqualTo("SMTP");
        byte[] ch = DpiTlsQuicTest.clientHello("smtp.gmail.com");
        Match m = accepts(v, "SMTPS", tcp(50000, 587, bytes("EHLO me\r\nSTARTTLS\r\n", ch), t("220 mx ESMTP\r\n250 STARTTLS\r\n220 go ahead\r\n")));
        assertThat(m.application()).isEqualTo("GMail");
        refuses(v, tcp(50000, 25, t("EHLO me\r\n"), t("220 mx\r\nhello there\r\n")));          // a line that is no reply
        refuses(v, tcp(50000, 25, t("USER bob\r\n"), t("220 mx\r\n")));                         // not an SMTP command
    }

    @Test
    void pop3AndImap() {
        var v = new TextProtocols.Mail();
        accepts(v, "POP3", tcp(50000, 110, t("USER bob\r\nPASS x\r\n"), t("+OK ready\r\n+OK\r\n+OK\r\n")));
        accepts(v, "POPS", tcp(50000, 110, t("CAPA\r\nSTLS\r\n"), t("+OK ready\r\n")));
        Match imap = accepts(v, "IMAP", tcp(50000, 143, t("a1 CAPABILITY\r\n"), t("* OK ready\r\n* CAPABILITY IMAP4rev1\r\na1 OK done\r\n")));
        assertThat(imap.checks()).extracting(Check::name).anyMatch(n -> n.contains("tagged answer a1"));
        accepts(v, "IMAPS", tcp(50000, 143, t("a1 STARTTLS\r\n"), t("* OK ready\r\na1 OK begin TLS\r\n")));
        refuses(v, tcp(50000, 143, t("a1 FROBNICATE\r\n"), t("* OK ready\r\n")));
    }

    @Test
    void ftpControl() {
        var v = new TextProtocols.FtpControl();
        accepts(v, "FTP_CONTROL", tcp(50000, 21, t("USER anonymous\r\nPASS x\r\n"), t("220-Welcome\r\n  to the server\r\n220 ready\r\n331 Password\r\n")));
        refuses(v, tcp(50000, 21, t("EHLO me\r\n"), t("220 ready\r\n")));
        accepts(v, "FTPS", tcp(50000, 21, t("AUTH TLS\r\n"), t("220 ready\r\n234 Proceed with negotiation.\r\n")));
        refuses(v, tcp(50000, 21, t("USER a\r\n"), t("230 logged in\r\n")));                   // greeting is not 220
    }

    @Test
    void telnetNegotiation() {
        var v = new TextProtocols.Telnet();
        accepts(v, "Telnet", tcp(50000, 23, hex("fffd03fffb18fffb1f"), hex("fffd25fffa1801fff0")));
        refuses(v, tcp(50000, 23, hex("fffd03ff02")));                                          // IAC followed by no command
        refuses(v, tcp(50000, 23, hex("fffd03")));                                              // one negotiation is not enough
    }

    @Test
    void syslog() {
        var v = new TextProtocols.Syslog();
        accepts(v, "Syslog", udp(50000, 514, t("<34>Oct 11 22:14:15 mymachine su: 'su root' failed\n")));
        accepts(v, "Syslog", udp(50000, 514, t("<165>1 2003-10-11T22:14:15.003Z host app - ID47 - message")));
        refuses(v, udp(50000, 514, t("<192>Oct 11 22:14:15 x")));                                // PRI above 191
        refuses(v, udp(50000, 514, t("<034>Oct 11 22:14:15 x")));                                // leading zero
        refuses(v, udp(50000, 514, bytes("<34>Oct 11 22:14:15 a", 1, 2, "b")));                 // control bytes in the text
    }

    static byte[] fix(String body) {
        String head = "8=FIX.4.2\u00019=" + body.length() + "\u0001";
        String msg = head + body;
        int sum = 0;
        for (char c : msg.toCharArray()) sum += c;
        return t(msg + String.format("10=%03d\u0001", sum & 0xff));
    }

    @Test
    void fixChecksumAndBodyLength() {
        var v = new TextProtocols.Fix();
        byte[] logon = fix("35=A\u000134=1\u000149=CLIENT\u000156=SERVER\u000198=0\u0001108=30\u0001");
        Match m = accepts(v, "FIX", tcp(50000, 4000, logon, fix("35=A\u000134=1\u000149=SERVER\u000156=CLIENT\u0001")));
        assertThat(m.checks()).extracting(Check::name).anyMatch(n -> n.contains("CheckSum"));
        byte[] wrongSum = logon.clone();
        wrongSum[wrongSum.length - 2] = (byte) (wrongSum[wrongSum.length - 2] == '0' ? '1' : '0');
        refuses(v, tcp(50000, 4000, wrongSum));
        refuses(v, tcp(50000, 4000, t("8=FIX.4.2\u00019=5\u000135=A\u000134=1\u0001")));        // body length misses the trailer
    }

    @Test
    void jabberStreamsAndStanzas() {
        var v = new TextProtocols.Jabber();
        String open = "<?xml version='1.0'?><stream:stream to='example.com' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
        accepts(v, "Jabber", tcp(50000, 5222, t(open), t(open.replace("to=", "from="))));
        refuses(v, tcp(50000, 5222, t(open), t(open.replace("jabber:client", "jabber:server"))));
        Match m = accepts(v, "Jabber", tcp(50000, 5222, t("<iq type='get' id='p1'><query/></iq>"), t("<iq type='result' id='p1'/>")));
        assertThat(m.checks()).extracting(Check::name).anyMatch(n -> n.contains("same id"));
    }

    @Test
    void ircRsyncHl7GitVnc() {
        accepts(new TextProtocols.Irc(), "IRC", tcp(50000, 6667, t("NICK bob\r\nUSER bob 0 * :Bob B\r\n"), t(":irc.example NOTICE * :hello\r\n")));
        refuses(new TextProtocols.Irc(), tcp(50000, 6667, t("USER anonymous\r\nPASS x\r\n"), t("220 ftp\r\n")));
        accepts(new TextProtocols.Rsync(), "RSYNC", tcp(50000, 873, t("@RSYNCD: 31.0\n"), t("@RSYNCD: 31.0\n")));
        refuses(new TextProtocols.Rsync(), tcp(50000, 873, t("@RSYNCD: abc\n")));
        refuses(new TextProtocols.Rsync(), tcp(50000, 873, t("@RSYNCD:  \n")));
        accepts(new TextProtocols.Hl7(), "HL7", tcp(50000, 6661, bytes(0x0b, "MSH|^~\\&|APP|FAC|||20240101||ADT^A01|1|P|2.5\r", 0x1c, 0x0d)));
        refuses(new TextProtocols.Hl7(), tcp(50000, 6661, bytes(0x0b, "MSHA^~\\&|APP")));
        String req = "git-upload-pack /project.git\0host=example.com\0";
        byte[] pkt = bytes(String.format("%04x", req.length() + 4), req);
        accepts(new TextProtocols.Git(), "Git", tcp(50000, 9418, pkt, t("003f" + "a".repeat(40) + " HEAD\0side-band\n" + "0000")));
        refuses(new TextProtocols.Git(), tcp(50000, 9418, bytes("0fff", req)));                 // pkt-line longer than the data
        accepts(new TextProtocols.Vnc(), "VNC", tcp(50000, 5900, t("RFB 003.008\n"), t("RFB 003.008\n")));
        refuses(new TextProtocols.Vnc(), tcp(50000, 5900, t("RFB 003.008\n"), t("RFB 003.003\n"))); // client newer than server
    }

    @Test
    void respAndMemcached() {
        var resp = new TextProtocols.Resp();
        accepts(resp, "RESP", tcp(50000, 6379, t("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n"), t("$5\r\nvalue\r\n")));
        refuses(resp, tcp(50000, 6379, t("*2\r\n$4\r\nGET\r\n$3\r\nkey\r\n")));                 // bulk length disagrees
        var mc = new TextProtocols.Memcached();
        accepts(mc, "Memcached", tcp(50000, 11211, t("set k 0 0 5\r\nhello\r\n"), t("STORED\r\n")));
        refuses(mc, tcp(50000, 11211, t("set k 0 0 9\r\nhello\r\nxyz\r\n"), t("STORED\r\n")));   // data block is not 9 bytes
        byte[] get = bytes(0x80, 0x00, u16(1), 0, 0, u16(0), u32(1), u32(0xdeadbeefL), zeros(8), "k");
        byte[] answer = bytes(0x81, 0x00, u16(0), 4, 0, u16(0), u32(9), u32(0xdeadbeefL), zeros(8), zeros(4), "hello");
        accepts(mc, "Memcached", tcp(50000, 11211, get, answer));
        refuses(mc, tcp(50000, 11211, get, with(answer, 12, 0)));                               // opaque not echoed
        refuses(mc, oneWay(Transport.TCP, 50000, 11211, t("frobnicate\r\n")));
        refuses(mc, oneWay(Transport.TCP, 50000, 11211, t(" \r\n")));                          // a blank command line (once threw)
    }
}
