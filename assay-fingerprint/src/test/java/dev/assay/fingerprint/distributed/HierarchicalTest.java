package dev.assay.fingerprint.distributed;

import static dev.assay.fingerprint.distributed.Fixtures.SPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HierarchicalTest {
    private static final List<Response> RESPONSES = Fixtures.responses(3, 80, 4);
    private static final byte[] CENTRAL = Fixtures.central(RESPONSES).toBytes();

    /** The least d with fanIn^d >= leaves, by repeated multiplication. */
    private static int expectedDepth(int leaves, int fanIn) {
        int d = 0;
        for (long capacity = 1; capacity < leaves; capacity *= fanIn) d++;
        return d;
    }

    @Property(tries = 40)
    void tree_rootIsTheSingleMachineSignatureAndDepthIsCeilLogOfLeaves(@ForAll @IntRange(min = 2, max = 16) int fanIn,
                                                                       @ForAll @IntRange(min = 1, max = 40) int leaves) {
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Signature> partials = DistributedSignatures.partials(DistributedSignatures.split(RESPONSES, leaves), SPEC, pool);
            HierarchicalResult tree = DistributedSignatures.hierarchical(partials, fanIn, pool);
            assertThat(tree.signature().toBytes()).isEqualTo(CENTRAL);
            assertThat(tree.depth()).isEqualTo(expectedDepth(leaves, fanIn));
            assertThat(tree.leaves()).isEqualTo(leaves);
            assertThat(tree.fanIn()).isEqualTo(fanIn);
        }
    }

    @Test
    void tree_depthsForKnownShapes() {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Signature> sixteen = DistributedSignatures.partials(DistributedSignatures.split(RESPONSES, 16), SPEC, pool);
            assertThat(DistributedSignatures.hierarchical(sixteen, 2, pool).depth()).isEqualTo(4);
            assertThat(DistributedSignatures.hierarchical(sixteen, 4, pool).depth()).isEqualTo(2);
            assertThat(DistributedSignatures.hierarchical(sixteen, 16, pool).depth()).isEqualTo(1);
            assertThat(DistributedSignatures.hierarchical(sixteen.subList(0, 1), 3, pool).depth()).isZero();
            assertThat(DistributedSignatures.hierarchical(sixteen.subList(0, 1), 3, pool).signature()).isEqualTo(sixteen.get(0));
        }
    }

    @Test
    void tree_refusesABadFanInOrNoLeaves() {
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            List<Signature> one = List.of(Fixtures.central(RESPONSES));
            assertThatThrownBy(() -> DistributedSignatures.hierarchical(one, 1, pool))
                    .isInstanceOf(InvalidInputException.class).hasMessage("fanIn must be 2 to 64, but was 1");
            assertThatThrownBy(() -> DistributedSignatures.hierarchical(one, 65, pool))
                    .isInstanceOf(InvalidInputException.class).hasMessage("fanIn must be 2 to 64, but was 65");
            assertThatThrownBy(() -> DistributedSignatures.hierarchical(List.of(), 2, pool))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("leaves");
        }
    }
}
