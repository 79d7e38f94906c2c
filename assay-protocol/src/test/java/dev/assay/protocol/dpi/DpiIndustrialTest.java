package dev.assay.protocol.dpi;

import static dev.assay.protocol.dpi.Wire.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DpiIndustrialTest {
    @Test
    void modbusReadHoldingRegisters() {
        var v = new Industrial.Modbus();
        byte[] req = bytes(u16(0x0001), u16(0), u16(6), 0x11, 0x03, u16(0x006b), u16(3));
        byte[] resp = bytes(u16(0x0001), u16(0), u16(9), 0x11, 0x03, 6, u16(0x022b), u16(0), u16(0x0064));
        accepts(v, "Modbus", tcp(50000, 502, req, resp));
        refuses(v, tcp(50000, 502, with(req, 3, 1)));                              // protocol id 1
        refuses(v, tcp(50000, 502, req, with(resp, 1, 2)));                        // another transaction
        refuses(v, tcp(50000, 502, with(req, 7, 0x63)));                           // no such function
    }

    /** A DNP3 link header (IEEE 1815 9.2.4) with its CRC. */
    static byte[] dnp3Header(int len, int control, int dst, int src) {
        byte[] h = bytes(0x05, 0x64, len, control, u16le(dst), u16le(src));
        int crc = Industrial.dnpCrc(new Bytes(dev.assay.protocol.flow.Direction.A_TO_B, h, 0), 0, 8);
        return bytes(h, u16le(crc));
    }

    @Test
    void dnp3LinkHeaderCrc() {
        var v = new Industrial.Dnp3();
        // the CRC catalogue's check value of CRC-16/DNP over "123456789"
        assertThat(Industrial.dnpCrc(new Bytes(dev.assay.protocol.flow.Direction.A_TO_B, "123456789".getBytes(), 0), 0, 9)).isEqualTo(0xEA82);
        byte[] h = dnp3Header(5, 0xc9, 1, 1024);
        accepts(v, "DNP3", tcp(50000, 20000, h, dnp3Header(5, 0x0b, 1024, 1)));
        refuses(v, tcp(50000, 20000, with(h, 8, 0)));
        refuses(v, tcp(50000, 20000, cut(h, 9)));
    }

    @Test
    void iec104Apdus() {
        var v = new Industrial.Iec104();
        byte[] startdt = hex("680407000000");
        byte[] startdtCon = hex("68040b000000");
        byte[] iframe = bytes(0x68, 14, u16le(0), u16le(0), 100, 1, 6, 0, u16le(1), 0, 0, 0, 20);
        accepts(v, "IEC60870", tcp(50000, 2404, bytes(startdt, iframe), startdtCon));
        refuses(v, tcp(50000, 2404, hex("680403000000"), hex("680403000000")));  // U format without a function bit
        refuses(v, tcp(50000, 2404, hex("680507000000"), startdtCon));            // U frame with length 5
    }

    static byte[] tpkt(byte[] cotpAndData) {
        return bytes(3, 0, u16(4 + cotpAndData.length), cotpAndData);
    }

    @Test
    void isoTransportCarriers() {
        var v = new Industrial.S7();
        byte[] s7 = tpkt(bytes(2, 0xf0, 0x80, 0x32, 1, u16(0), u16(1), u16(8), u16(0), 0xf0, 0, u16(1), u16(1), u16(0x01e0)));
        accepts(v, "S7Comm", tcp(50000, 102, s7));
        accepts(v, "S7CommPlus", tcp(50000, 102, tpkt(bytes(2, 0xf0, 0x80, 0x72, 1, u16(0x20), zeros(8)))));
        byte[] rdpCr = tpkt(bytes(14, 0xe0, u16(0), u16(0), 0, 1, 0, u16le(8), u32le(3)));
        byte[] rdpCc = tpkt(bytes(14, 0xd0, u16(0), u16(0x1234), 0, 2, 0, u16le(8), u32le(1)));
        accepts(v, "RDP", tcp(50000, 3389, rdpCr, bytes(rdpCc, 0x16, 3, 3)));
        // MMS: COTP data carrying an ISO 8327 CONNECT SPDU (0x0d) after the connection request and confirm
        byte[] cr = tpkt(bytes(6, 0xe0, u16(0), u16(1), 0));
        byte[] cc = tpkt(bytes(6, 0xd0, u16(1), u16(1), 0));
        accepts(v, "ISO9506-1-MMS", tcp(50000, 102, bytes(cr, tpkt(bytes(2, 0xf0, 0x80, 0x0d, 0x20, zeros(30)))), cc));
        refuses(v, tcp(50000, 102, bytes(3, 0, u16(3), 2, 0xf0, 0x80)));          // TPKT length below its header
        refuses(v, tcp(50000, 102, tpkt(bytes(2, 0x10, 0x80, 0x32))));             // not a COTP type
    }

    @Test
    void bacnetOpcUaEnip() {
        byte[] npdu = bytes(1, 0x20, u16(0xffff), 0, 0xff, 0x10, 0x08);
        accepts(new Industrial.Bacnet(), "BACnet", udp(47808, 47808, bytes(0x81, 0x0b, u16(4 + npdu.length), npdu)));
        refuses(new Industrial.Bacnet(), udp(47808, 47808, bytes(0x81, 0x0b, u16(99), npdu)));
        byte[] url = bytes("opc.tcp://h:4840");
        byte[] hel = bytes("HELF", u32le(32 + url.length), u32le(0), u32le(65536), u32le(65536), u32le(0), u32le(0), u32le(url.length), url);
        byte[] ack = bytes("ACKF", u32le(28), u32le(0), u32le(65536), u32le(65536), u32le(0), u32le(0));
        accepts(new Industrial.OpcUa(), "OPC-UA", tcp(50000, 4840, hel, ack));
        refuses(new Industrial.OpcUa(), tcp(50000, 4840, hel, with(hel, 0, 'M')));   // Hello answered by a MSG
        refuses(new Industrial.OpcUa(), tcp(50000, 4840, with(hel, 3, 'X')));
        byte[] context = fill(8, 0x5a);
        byte[] reg = bytes(u16le(0x65), u16le(4), u32le(0), u32le(0), context, u32le(0), u16le(1), u16le(0));
        byte[] regReply = bytes(u16le(0x65), u16le(4), u32le(0x10020100L), u32le(0), context, u32le(0), u16le(1), u16le(0));
        accepts(new Industrial.EtherNetIp(), "EthernetIP", tcp(50000, 44818, reg, regReply));
        refuses(new Industrial.EtherNetIp(), tcp(50000, 44818, reg, with(regReply, 12, 0)));   // sender context not echoed
        refuses(new Industrial.EtherNetIp(), tcp(50000, 44818, with(reg, 2, 9)));              // length past the data
    }

    @Test
    void checksumsMatchTheCatalogueCheckValues() {
        Bytes check = new Bytes(dev.assay.protocol.flow.Direction.A_TO_B, "123456789".getBytes(), 0);
        assertThat(Industrial.crcCcitt(check, 0, 9)).isEqualTo(0x29B1);   // CRC-16/IBM-3740
        assertThat(Industrial.crcX25(check, 0, 9)).isEqualTo(0x906E);     // CRC-16/IBM-SDLC (X.25)
    }

    @Test
    void c37118Crc() {
        byte[] frame = bytes(0xaa, 0x41, u16(18), u16(7734), u32(0x5b2a0000L), u32(0), u16(0x0005));
        int crc = Industrial.crcCcitt(new Bytes(dev.assay.protocol.flow.Direction.A_TO_B, frame, 0), 0, 16);
        accepts(new Industrial.C37118(), "IEEE-C37118", tcp(50000, 4712, bytes(frame, u16(crc))));
        refuses(new Industrial.C37118(), tcp(50000, 4712, bytes(frame, u16(crc ^ 1))));
    }

    @Test
    void hartKnxDlmsFinsSomeIp() {
        accepts(new Industrial.HartIp(), "HART-IP", udp(50000, 5094, bytes(1, 0, 0, 0, u16(1), u16(13), 1, u32(60000)), bytes(1, 1, 0, 0, u16(1), u16(13), 1, u32(60000))));
        refuses(new Industrial.HartIp(), udp(50000, 5094, bytes(1, 0, 0, 0, u16(1), u16(13), 1, u32(60000)), bytes(1, 1, 0, 0, u16(2), u16(13), 1, u32(60000))));
        byte[] search = bytes(6, 0x10, u16(0x0201), u16(14), 8, 1, 10, 0, 0, 1, u16(3671));
        accepts(new Industrial.KnxIp(), "KNXnet_IP", udp(50000, 3671, search));
        refuses(new Industrial.KnxIp(), udp(50000, 3671, with(search, 5, 15)));
        byte[] snrm = hex("7ea0070321931f"); // HDLC SNRM: format A0 07, addresses 03 21, control 93, FCS below
        int fcs = Industrial.crcX25(new Bytes(dev.assay.protocol.flow.Direction.A_TO_B, snrm, 0), 1, 5);
        accepts(new Industrial.Dlms(), "IEC62056", tcp(50000, 4059, bytes(cut(snrm, 6), u16le(fcs), 0x7e)));
        refuses(new Industrial.Dlms(), tcp(50000, 4059, bytes(cut(snrm, 6), u16le(fcs ^ 0x100), 0x7e)));
        byte[] read = bytes(0x80, 0, 2, 0, 1, 0, 0, 0x0a, 0, 0x11, 0x01, 0x01, 0x82, u16(100), 0, u16(2));
        byte[] readResp = bytes(0xc0, 0, 2, 0, 0x0a, 0, 0, 1, 0, 0x11, 0x01, 0x01, u16(0), u16(7), u16(9));
        accepts(new Industrial.Fins(), "FINS", udp(50000, 9600, read, readResp));
        refuses(new Industrial.Fins(), udp(50000, 9600, read, with(readResp, 9, 0x12)));     // service id not echoed
        byte[] nodeRequest = bytes("FINS", u32(12), u32(0), u32(0), u32(0));
        accepts(new Industrial.Fins(), "FINS", tcp(50000, 9600, nodeRequest, bytes("FINS", u32(16), u32(1), u32(0), u32(0x22), u32(0x01))));
        refuses(new Industrial.Fins(), tcp(50000, 9600, bytes("FINS", u32(400), u32(0), u32(0), u32(0))));   // length past the data
        byte[] someip = bytes(u16(0x1234), u16(0x0001), u32(8 + 4), u16(1), u16(1), 1, 1, 0, 0, u32(42));
        accepts(new Industrial.SomeIp(), "SOMEIP", udp(50000, 30490, someip));
        refuses(new Industrial.SomeIp(), udp(50000, 30490, with(someip, 12, 2)));             // protocol version 2
    }
}
