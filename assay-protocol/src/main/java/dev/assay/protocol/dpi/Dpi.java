package dev.assay.protocol.dpi;

import dev.assay.protocol.flow.FlowSample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Stage 1 of classification: every structural validator is asked about the flow; the match with
 * the highest confidence wins (ties go to the earlier validator in {@link #VALIDATORS}), and the
 * best match of another protocol is reported as the runner-up.
 */
public final class Dpi {
    private Dpi() {}

    private static final List<Validator> VALIDATORS = List.of(
            new HttpFamily.Http(), new HttpFamily.Http2(), new Tls(), new Quic(), new DnsFamily(),
            new HttpFamily.Rtsp(), new HttpFamily.Sip(), new HttpFamily.Ssdp(),
            new TextProtocols.Ssh(), new TextProtocols.Mail(), new TextProtocols.FtpControl(), new TextProtocols.Telnet(),
            new TextProtocols.Syslog(), new TextProtocols.Fix(), new TextProtocols.Jabber(), new TextProtocols.Irc(),
            new TextProtocols.Rsync(), new TextProtocols.Hl7(), new TextProtocols.Git(), new TextProtocols.Resp(),
            new TextProtocols.Memcached(), new TextProtocols.Vnc(),
            new Industrial.Modbus(), new Industrial.Dnp3(), new Industrial.Iec104(), new Industrial.S7(),
            new Industrial.Bacnet(), new Industrial.OpcUa(), new Industrial.EtherNetIp(), new Industrial.C37118(),
            new Industrial.HartIp(), new Industrial.KnxIp(), new Industrial.Dlms(), new Industrial.Fins(), new Industrial.SomeIp(),
            new Binary.Mqtt(), new Binary.Amqp(), new Binary.Kafka(), new Binary.Tds(), new Binary.MySql(),
            new Binary.Postgres(), new Binary.Mongo(), new Binary.Smb(), new Binary.Zabbix(), new Binary.Bgp(),
            new Binary.Socks(), new Binary.OpenVpn(), new Binary.WireGuard(), new Binary.Tns(), new Binary.DceRpc(),
            new Binary.Cassandra(), new Binary.Elasticsearch(), new Binary.Diameter(),
            new Datagrams.Ntp(), new Datagrams.Snmp(), new Datagrams.Tftp(), new Datagrams.NetFlow(), new Datagrams.SFlow(),
            new Datagrams.Stun(), new Datagrams.Rtp(), new Datagrams.Isakmp(), new Datagrams.Dhcp(), new Datagrams.Coap(),
            new Datagrams.RdpUdp(), new Datagrams.Dhcpv6(), new Datagrams.Esp(),
            new Asn1Protocols.Kerberos(), new Asn1Protocols.Ldap(),
            new Rpc.Nfs(), new Services.Radius(), new Services.Slp(), new Services.BitTorrent(), new Services.Capwap(),
            new Services.Dtls(), new Services.Gnutella());

    /** The best detection for the flow, or empty when no validator accepts it. */
    public static Optional<Detection> classify(FlowSample sample) {
        Objects.requireNonNull(sample, "sample");
        Flow flow = new Flow(sample);
        if (flow.empty()) return Optional.empty();
        List<Match> matches = new ArrayList<>(4);
        Match best = null;
        for (Validator v : VALIDATORS) {
            Match m = v.match(flow).orElse(null);
            if (m == null) continue;
            matches.add(m);
            if (best == null || Double.compare(m.confidence(), best.confidence()) > 0) best = m;
        }
        if (best == null) return Optional.empty();
        // the runner-up: the most confident match of another label, the earlier validator on a tie
        Match runner = null;
        for (Match m : matches) {
            if (m.label().equals(best.label())) continue;
            if (runner == null || Double.compare(m.confidence(), runner.confidence()) > 0) runner = m;
        }
        return Optional.of(new Detection(best.label(), Optional.ofNullable(best.application()), best.confidence(), best.checks(),
                runner == null ? Optional.empty() : Optional.of(new Detection.RunnerUp(runner.label(), runner.confidence()))));
    }

    /** Every label some validator can answer, in validator order. */
    public static Set<String> labels() {
        Set<String> out = new LinkedHashSet<>();
        for (Validator v : VALIDATORS) out.addAll(v.labels());
        return out;
    }
}
