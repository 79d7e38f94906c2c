package dev.assay.fingerprint.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.fingerprint.verify.Styles;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReferenceNoveltyTest {
    @Test
    void anotherModelIsMoreNovelThanTheReferenceItselfAndCalibrationIsLeaveOneOut() {
        var b = Signature.builder(Styles.ENCODER.config(), "terse");
        for (EncodedResponse r : Styles.responses(0, 0, 200, 1)) b.add(r);
        Signature sig = b.build();
        ReferenceNovelty n = new ReferenceNovelty(sig);
        double[] cal = n.calibrationScores();
        assertThat(cal).hasSize(200);
        double calMean = Arrays.stream(cal).average().orElseThrow();
        double same = Styles.responses(0, 500, 100, 2).stream().mapToDouble(n::score).average().orElseThrow();
        double other = Styles.responses(1, 500, 100, 3).stream().mapToDouble(n::score).average().orElseThrow();
        // leave-one-out keeps the calibration honest: held-out responses of the same model score like it
        assertThat(same).isCloseTo(calMean, org.assertj.core.data.Offset.offset(0.02));
        assertThat(other).isGreaterThan(calMean + 0.1);
        // a response that is in the reference scores lower (closer) than its leave-one-out score
        EncodedResponse first = sig.sample().get(0);
        assertThat(n.score(first)).isLessThan(cal[0]);
    }
}
