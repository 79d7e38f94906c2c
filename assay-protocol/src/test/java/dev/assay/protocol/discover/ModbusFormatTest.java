package dev.assay.protocol.discover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.FlowTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The format inferred from nDPI's Modbus/TCP capture, against what the Modbus application protocol header is. */
class ModbusFormatTest {
    @Test
    void theMbapLengthAndTransactionIdAreFound() throws IOException {
        Path capture = TestEnvironment.sharedData().resolve("protocol/ndpi/pcap/modbus.pcap");
        List<FlowSample> flows = new ArrayList<>();
        FlowTable.create(FormatDiscovery.LIMITS, flows::add).read(capture);
        FormatDescription format = FormatDiscovery.describe("Modbus", flows, FormatDiscovery.DEFAULT_MIN_MESSAGES).orElseThrow();
        System.out.print(format.toText());

        assertThat(format.framing()).contains(new Framing(4, 2, Endian.BIG, 6));
        for (Direction d : Direction.values()) {
            MessageType general = format.types().stream().filter(t -> t.direction() == d && t.keyOffset() < 0).findFirst().orElseThrow();
            assertThat(general.fields()).anySatisfy(f -> {
                assertThat(f.kind()).isEqualTo(FieldKind.LENGTH);
                assertThat(f.offset()).isEqualTo(4);
                assertThat(f.width()).isEqualTo(2);
                assertThat(f.endian()).isEqualTo(Endian.BIG);
            });
            assertThat(general.fields()).anySatisfy(f -> {
                assertThat(f.kind()).isEqualTo(FieldKind.ECHOED_ID);
                assertThat(f.offset()).isZero();
                assertThat(f.width()).isEqualTo(2);
            });
        }
    }
}
