package dev.assay.protocol.dpi;

import static dev.assay.protocol.dpi.Wire.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;

class DpiBinaryTest {
    @Test
    void mqttConnectAndConnack() {
        var v = new Binary.Mqtt();
        byte[] payload = bytes(u16(4), "MQTT", 4, 0x02, u16(60), u16(3), "cli");
        byte[] connect = bytes(0x10, payload.length, payload);
        accepts(v, "MQTT", tcp(50000, 1883, connect, bytes(0x20, 2, 0, 0)));
        refuses(v, tcp(50000, 1883, with(connect, 8, 9)));                              // level 9 for MQTT
        refuses(v, tcp(50000, 1883, with(connect, 9, 0x03)));                           // reserved connect flag set
        refuses(v, tcp(50000, 1883, connect, bytes(0x30, 2, 0, 0)));                    // answered by a PUBLISH
        // a flow seen after its CONNECT: control packets whose lengths chain
        accepts(v, "MQTT", tcp(50000, 1883, bytes(0xc0, 0, 0x30, 5, u16(1), "t", "xy"), bytes(0xd0, 0, 0x40, 2, u16(7))));
        refuses(v, tcp(50000, 1883, bytes(0xc1, 0, 0xc0, 0), bytes(0xd0, 0)));          // PINGREQ with flags
    }

    @Test
    void amqpHeaderAndFrames() {
        var v = new Binary.Amqp();
        byte[] start = bytes(1, u16(0), u32(8), u16(10), u16(10), 0, 9, u16(0), 0xce);
        accepts(v, "AMQP", tcp(50000, 5672, bytes("AMQP", 0, 0, 9, 1), start));
        refuses(v, tcp(50000, 5672, bytes("AMQP", 0, 0, 9, 1), with(start, start.length - 1, 0)));   // no frame-end
        byte[] heartbeat = bytes(8, u16(0), u32(0), 0xce);
        accepts(v, "AMQP", tcp(50000, 5672, bytes(heartbeat, heartbeat), heartbeat));
    }

    @Test
    void kafkaCorrelationId() {
        var v = new Binary.Kafka();
        byte[] body = bytes(u16(18), u16(3), u32(42), u16(6), "client");
        byte[] req = bytes(u32(body.length), body);
        byte[] resp = bytes(u32(10), u32(42), zeros(6));
        accepts(v, "Kafka", tcp(50000, 9092, req, resp));
        refuses(v, tcp(50000, 9092, req, bytes(u32(10), u32(43), zeros(6))));
        refuses(v, tcp(50000, 9092, with(req, 4, 0x7f)));                                 // no such API key
    }

    @Test
    void tdsMysqlPostgresMongo() {
        byte[] prelogin = bytes(0x12, 1, u16(8 + 6), u16(0), 1, 0, 0, u16(6), u16(0), 0xff);
        accepts(new Binary.Tds(), "MsSQL-TDS", tcp(50000, 1433, prelogin, bytes(0x04, 1, u16(8 + 1), u16(0), 1, 0, 0xff)));
        refuses(new Binary.Tds(), tcp(50000, 1433, with(prelogin, 7, 1)));              // window not 0
        byte[] greet = bytes(10, "8.0.36", 0, u32le(5), fill(8, 0x41), 0, u16le(0xffff), 0xff, u16le(2), u16le(0xdfff), 21, zeros(10), fill(13, 0x42));
        byte[] server = bytes(u24le(greet.length), 0, greet);
        accepts(new Binary.MySql(), "MySQL", tcp(50000, 3306, bytes(u24le(4), 1, zeros(4)), server));
        refuses(new Binary.MySql(), tcp(50000, 3306, null, bytes(u24le(greet.length), 1, greet)));   // server's greeting with sequence 1
        byte[] params = bytes("user", 0, "bob", 0, "database", 0, "db", 0, 0);
        byte[] startup = bytes(u32(8 + params.length), u32(196608), params);
        accepts(new Binary.Postgres(), "PostgreSQL", tcp(50000, 5432, startup, bytes("R", u32(8), u32(0))));
        refuses(new Binary.Postgres(), tcp(50000, 5432, bytes(u32(8 + params.length + 1), u32(196608), params, 0)));
        accepts(new Binary.Postgres(), "PostgreSQL", tcp(50000, 5432, bytes(u32(8), u32(80877103)), bytes("S")));
        byte[] query = bytes(u32le(16 + 4), u32le(77), u32le(0), u32le(2013), u32le(0));
        accepts(new Binary.Mongo(), "MongoDB", tcp(50000, 27017, query, bytes(u32le(16 + 4), u32le(900), u32le(77), u32le(2013), u32le(0))));
        refuses(new Binary.Mongo(), tcp(50000, 27017, query, bytes(u32le(16 + 4), u32le(900), u32le(78), u32le(2013), u32le(0))));
    }

    static byte[] u24le(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16)};
    }

    @Test
    void smbOverNetbiosSession() {
        var v = new Binary.Smb();
        byte[] smb2 = bytes(0xfe, "SMB", u16le(64), zeros(58), zeros(36));
        Match m = accepts(v, "NetBIOS", tcp(50000, 445, bytes(0, u24(smb2.length), smb2)));
        assertThat(m.application()).isEqualTo("SMBv23");
        byte[] smb1 = bytes(0xff, "SMB", 0x72, zeros(27), zeros(3));
        assertThat(accepts(v, "NetBIOS", tcp(50000, 445, bytes(0, u24(smb1.length), smb1))).application()).isEqualTo("SMBv1");
        refuses(v, tcp(50000, 445, bytes(0, u24(smb2.length), with(smb2, 1, 'X'))));
        refuses(v, tcp(50000, 445, bytes(0, u24(20), cut(smb2, 20))));               // a session message too short for an SMB header
    }

    @Test
    void zabbixBgpSocks() {
        byte[] json = bytes("{\"request\":\"active checks\"}");
        accepts(new Binary.Zabbix(), "Zabbix", tcp(50000, 10051, bytes("ZBXD", 1, u32le(json.length), u32le(0), json)));
        refuses(new Binary.Zabbix(), tcp(50000, 10051, bytes("ZBXD", 1, u32le(json.length - 3), u32le(0), json)));  // length short of the data
        byte[] open = bytes(fill(16, 0xff), u16(29), 1, 4, u16(65001), u16(90), u32(0x0a000001L), 0);
        byte[] keepalive = bytes(fill(16, 0xff), u16(19), 4);
        accepts(new Binary.Bgp(), "BGP", tcp(50000, 179, bytes(open, keepalive), open));
        refuses(new Binary.Bgp(), tcp(50000, 179, with(open, 19, 3)));                 // BGP version 3
        refuses(new Binary.Bgp(), tcp(50000, 179, with(keepalive, 3, 0)));             // marker broken
        accepts(new Binary.Socks(), "SOCKS", tcp(50000, 1080, bytes(5, 2, 0, 2), bytes(5, 2)));
        refuses(new Binary.Socks(), tcp(50000, 1080, bytes(5, 2, 0, 2), bytes(5, 1)));   // method never offered
        refuses(new Binary.Socks(), tcp(50000, 1080, bytes(5, 3, 0, 2), bytes(5, 0)));   // three methods announced, two sent
    }

    @Test
    void openVpnAndWireGuard() {
        byte[] session = fill(8, 0x31);
        byte[] reset = bytes(7 << 3, session, 0, u32(0));
        byte[] serverReset = bytes(8 << 3, fill(8, 0x77), 1, u32(0), session, u32(0));
        accepts(new Binary.OpenVpn(), "OpenVPN", udp(50000, 1194, reset, serverReset));
        refuses(new Binary.OpenVpn(), udp(50000, 1194, reset, bytes(8 << 3, fill(8, 0x77), 1, u32(0), fill(8, 0x32), u32(0))));
        byte[] tcpReset = bytes(u16(reset.length), reset);
        accepts(new Binary.OpenVpn(), "OpenVPN", tcp(50000, 443, bytes(tcpReset, u16(reset.length), with(reset, 0, 5 << 3))));
        byte[] init = bytes(1, 0, 0, 0, u32le(0x11223344L), zeros(140));
        byte[] response = bytes(2, 0, 0, 0, u32le(0x55667788L), u32le(0x11223344L), zeros(80));
        accepts(new Binary.WireGuard(), "WireGuard", udp(50000, 51820, init, response));
        refuses(new Binary.WireGuard(), udp(50000, 51820, init, bytes(2, 0, 0, 0, u32le(0x55667788L), u32le(0x99L), zeros(80))));
        refuses(new Binary.WireGuard(), udp(50000, 51820, cut(init, 147)));
    }

    @Test
    void tnsDceRpcCassandraElasticsearchDiameter() {
        byte[] connect = bytes(u16(58), u16(0), 1, 0, u16(0), u16(316), u16(300), zeros(46));
        accepts(new Binary.Tns(), "Oracle", tcp(50000, 1521, connect, bytes(u16(32), u16(0), 2, 0, u16(0), zeros(24))));
        refuses(new Binary.Tns(), tcp(50000, 1521, with(connect, 9, 10)));              // version below 300... reads 0x010a
        byte[] bind = bytes(5, 0, 11, 3, 0x10, 0, 0, 0, u16le(72), u16le(0), u32le(2), zeros(56));
        byte[] bindAck = bytes(5, 0, 12, 3, 0x10, 0, 0, 0, u16le(60), u16le(0), u32le(2), zeros(44));
        accepts(new Binary.DceRpc(), "DCERPC", tcp(50000, 135, bind, bindAck));
        refuses(new Binary.DceRpc(), tcp(50000, 135, bind, with(bindAck, 12, 3)));      // another call id
        byte[] options = bytes(4, 0, u16(0), 5, u32(0));
        accepts(new Binary.Cassandra(), "Cassandra", tcp(50000, 9042, options, bytes(0x84, 0, u16(0), 6, u32(0))));
        refuses(new Binary.Cassandra(), tcp(50000, 9042, options, bytes(0x84, 0, u16(9), 6, u32(0))));
        byte[] es = bytes("ES", u32(13), u32(0), u32(7), 0, zeros(4));
        accepts(new Binary.Elasticsearch(), "Elasticsearch", tcp(50000, 9300, es, bytes("ES", u32(13), u32(0), u32(7), 1, zeros(4))));
        refuses(new Binary.Elasticsearch(), tcp(50000, 9300, es, bytes("ES", u32(13), u32(0), u32(8), 1, zeros(4))));
        byte[] cer = bytes(1, u24(20), 0x80, u24(257), u32(0), u32(0xaaaa), u32(0xbbbb));
        byte[] cea = bytes(1, u24(20), 0x00, u24(257), u32(0), u32(0xaaaa), u32(0xbbbb));
        accepts(new Binary.Diameter(), "Diameter", tcp(50000, 3868, cer, cea));
        refuses(new Binary.Diameter(), tcp(50000, 3868, cer, with(cea, 15, 0)));       // hop-by-hop id not echoed
    }

    @Test
    void netbiosDatagramCarriesTheSendersAddress() {
        byte[] name = bytes(0x20, fill(32, 'A'), 0);
        byte[] smb = bytes(0xff, "SMB", 0x25, zeros(27));
        byte[] body = bytes(name, name, smb);
        byte[] dgm = bytes(0x11, 0x02, u16(1), 10, 0, 0, 1, u16(138), u16(body.length), u16(0), body);
        var sample = new FlowSample(Transport.UDP, ep("10.0.0.1", 138), ep("10.0.0.255", 138), -1,
                List.of(new Segment(Direction.A_TO_B, 0, dgm.length + 28, dgm)), 1);
        assertThat(accepts(new Binary.Smb(), "NetBIOS", sample).application()).isEqualTo("SMBv1");
        var other = new FlowSample(Transport.UDP, ep("10.0.0.9", 138), ep("10.0.0.255", 138), -1,
                List.of(new Segment(Direction.A_TO_B, 0, dgm.length + 28, dgm)), 1);
        refuses(new Binary.Smb(), other);
    }
}
