package dev.assay.core.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TilePathTest {
    @Test
    void encodesTheIndexInThreeDigitElements_asTheSpecsExample() {
        assertThat(new TilePath(0, 1234067, 256).path()).isEqualTo("tile/0/x001/x234/067");
        assertThat(new TilePath(2, 0, 17).path()).isEqualTo("tile/2/000.p/17");
        assertThat(new TilePath(TilePath.ENTRIES, 1000, 3).path()).isEqualTo("tile/entries/x001/000.p/3");
        assertThat(TilePath.parse("tile/0/x001/x234/067")).isEqualTo(new TilePath(0, 1234067, 256));
        assertThat(TilePath.parse("tile/entries/005.p/255")).isEqualTo(new TilePath(TilePath.ENTRIES, 5, 255));
    }

    @Test
    void refusesPathsThatAreNotCanonical() {
        for (String bad : new String[] {"tile/0/1", "tile/0/x000/001", "tile/00/001", "tile/0/001.p/0", "tile/0/001.p/256",
                "tile/0/001.p/007", "tile/0/../001", "tile/x/001", "checkpoint", "tile/0/001/"}) {
            assertThatThrownBy(() -> TilePath.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Property(tries = 300)
    void roundTrips(@ForAll @IntRange(min = -1, max = 5) int level, @ForAll @LongRange(min = 0, max = 1L << 40) long index,
                    @ForAll @IntRange(min = 1, max = 256) int width) {
        TilePath t = new TilePath(level, index, width);
        assertThat(TilePath.parse(t.path())).isEqualTo(t);
    }
}
