package dev.assay.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureChunkTest {
    @Test
    void piecesInAnyOrderJoinToTheSameBytes() {
        byte[] bytes = new byte[10];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31);
        PartialSignature p = new PartialSignature("m", bytes, new long[] {3, 4});
        List<SignatureChunk> pieces = new ArrayList<>(SignatureChunk.split(p, 4));
        assertThat(pieces).extracting(c -> c.bytes().length).containsExactly(4, 4, 2);
        Collections.reverse(pieces);
        PartialSignature joined = SignatureChunk.join(pieces);
        assertThat(joined.signature()).isEqualTo(bytes);
        assertThat(joined.fileCounts()).containsExactly(3, 4);
        assertThat(joined.model()).isEqualTo("m");
    }

    @Test
    void anEmptySignatureIsOnePieceAndAMissingPieceIsRefused() {
        assertThat(SignatureChunk.split(new PartialSignature("m", new byte[0], new long[1]), 4)).hasSize(1);
        List<SignatureChunk> pieces = SignatureChunk.split(new PartialSignature("m", new byte[9], new long[1]), 4);
        assertThatThrownBy(() -> SignatureChunk.join(pieces.subList(0, 2))).hasMessageContaining("2 of 3 pieces");
    }
}
