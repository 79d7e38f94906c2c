package dev.assay.ranking.trec;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The eight-bytes-at-a-time field scanner finds the same field ends as a byte-by-byte loop. */
class TrecTextTest {

    @Provide
    Arbitrary<byte[]> lines() {
        // mostly printable, with every control byte, whitespace, '\n' and bytes >= 0x80 mixed in
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.bytes().between((byte) 0x21, (byte) 0x7e)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of((byte) ' ', (byte) '\t', (byte) '\n', (byte) '\r', (byte) 0x0b, (byte) 0x0c)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().between((byte) 0x00, (byte) 0x20)),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().between(Byte.MIN_VALUE, (byte) -1)));
        return b.array(byte[].class).ofMaxSize(70);
    }

    @Property(tries = 1000)
    void fieldEndMatchesAByteByByteScan(@ForAll("lines") byte[] buf) {
        for (int from = 0; from <= buf.length; from++) {
            int expected = from;
            while (expected < buf.length && buf[expected] != '\n' && !TrecText.isSpace(buf[expected])) {
                expected++;
            }
            assertThat(TrecText.fieldEnd(buf, from, buf.length)).as("from %d", from).isEqualTo(expected);
        }
    }
}
