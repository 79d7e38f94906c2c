package dev.assay.fingerprint.hv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ItemMemoryTest {
    /**
     * Known values, computed independently of this code with Python's hashlib:
     * {@code sha256(b"assay.hv.v1\0" + seed + b"\0" + symbol + b"\0" + struct.pack(">I", counter))}, each digest
     * read as four little-endian signed 64-bit words. They pin the vectors across JVMs, machines and versions.
     */
    @Test
    void vectorsAreSha256DerivedAndPinnedByKnownValues() {
        ItemMemory m = new ItemMemory(16_384, "assay");
        Hypervector alpha = m.vector("alpha");
        assertThat(alpha.words()).startsWith(0xb50a40879c181249L, 0x8adbe8c58f5799a9L, 0x09b0b4a3339cb08aL,
                0xa2770ace97dd3b1dL, 0x4b037f289576d60bL);
        assertThat(alpha.bitCount()).isEqualTo(8_124);
        assertThat(new ItemMemory(256, "assay").tieBreak().words())
                .containsExactly(0x022de9f0272eb06eL, 0x07872b62559a735fL, 0xf24c7ba33210b334L, 0x6cc810254b60d129L);
    }

    @Test
    void aShorterDimensionIsAPrefix_andSeedsAndSymbolsGiveUnrelatedVectors() {
        Hypervector longer = new ItemMemory(16_384, "assay").vector("alpha");
        Hypervector shorter = new ItemMemory(1_024, "assay").vector("alpha");
        assertThat(longer.words()).startsWith(shorter.words());
        assertThat(new ItemMemory(1_024, "assay").vector("alpha")).isEqualTo(shorter);
        ItemMemory m = new ItemMemory(16_384, "assay");
        // unrelated random vectors: similarity 0.5 with a standard deviation of 0.5 / sqrt(16384) = 0.0039
        assertThat(m.vector("alpha").similarity(m.vector("beta"))).isBetween(0.48, 0.52);
        assertThat(m.vector("alpha").similarity(new ItemMemory(16_384, "other").vector("alpha"))).isBetween(0.48, 0.52);
        assertThat(m.vector("alpha").similarity(m.tieBreak())).isBetween(0.48, 0.52);
    }

    @Test
    void dimensionMustBeAPositiveMultipleOf64() {
        assertThatThrownBy(() -> new ItemMemory(100, "s")).hasMessageContaining("multiple of 64").hasMessageContaining("100");
        assertThatThrownBy(() -> new ItemMemory(0, "s")).hasMessageContaining("multiple of 64");
    }
}
