package dev.assay.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.alert.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TriggerPropertiesTest {

    private static List<Integer> run(Trigger trigger, List<Verdict> verdicts) {
        Streak streak = new Streak("k", "c", trigger);
        List<Integer> fired = new ArrayList<>();
        for (int i = 0; i < verdicts.size(); i++) {
            if (streak.step(Fixtures.evaluation(verdicts.get(i), i)).isPresent()) fired.add(i);
        }
        return fired;
    }

    @Provide
    Arbitrary<Trigger> triggers() {
        Arbitrary<Trigger> consecutive = Arbitraries.integers().between(1, 6)
                .map(n -> Trigger.consecutive(n, Action.ALERT, Severity.ERROR));
        Arbitrary<Trigger> sustained = Arbitraries.integers().between(1, 6)
                .map(n -> Trigger.failingFor(Duration.ofMinutes(n), Action.ROLLBACK, Severity.CRITICAL));
        Arbitrary<GapPolicy> gap = Arbitraries.of(GapPolicy.class);
        return Arbitraries.oneOf(consecutive, sustained)
                .flatMap(t -> gap.flatMap(a -> gap.map(b -> t.withGaps(a, b))));
    }

    @Property(tries = 200)
    void neverFiresOnAnAllPassSequence(@ForAll("triggers") Trigger trigger, @ForAll @IntRange(min = 0, max = 50) int length) {
        assertThat(run(trigger, java.util.Collections.nCopies(length, Verdict.PASS))).isEmpty();
    }

    @Property(tries = 200)
    void neverFiresWithoutAFailWhenGapsPause(@ForAll("triggers") Trigger trigger,
                                             @ForAll @Size(max = 40) List<Verdict> verdicts) {
        Trigger pausing = trigger.withGaps(GapPolicy.PAUSE, GapPolicy.PAUSE);
        List<Verdict> noFails = verdicts.stream().filter(v -> v != Verdict.FAIL).toList();
        assertThat(run(pausing, noFails)).isEmpty();
    }

    @Property(tries = 300)
    void failStreakOfLengthAtLeastNFiresExactlyOnceOnItsNthWindow(
            @ForAll @IntRange(min = 1, max = 8) int n, @ForAll @IntRange(min = 0, max = 10) int extra,
            @ForAll @IntRange(min = 0, max = 5) int passesBefore, @ForAll @IntRange(min = 0, max = 5) int passesAfter) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < passesBefore; i++) verdicts.add(Verdict.PASS);
        for (int i = 0; i < n + extra; i++) verdicts.add(Verdict.FAIL);
        for (int i = 0; i < passesAfter; i++) verdicts.add(Verdict.PASS);
        assertThat(run(Trigger.consecutive(n, Action.ROLLBACK, Severity.CRITICAL), verdicts))
                .containsExactly(passesBefore + n - 1);
    }

    @Property(tries = 500)
    void consecutiveFiresOncePerEpisodeThatReachesN(@ForAll @IntRange(min = 1, max = 5) int n,
                                                    @ForAll @Size(max = 60) List<Verdict> verdicts) {
        // Reference model: with gaps paused, drop NO_DATA / INCONCLUSIVE, split at PASS into episodes;
        // each episode with >= n fails fires on its n-th fail.
        List<Integer> expected = new ArrayList<>();
        int fails = 0;
        for (int i = 0; i < verdicts.size(); i++) {
            switch (verdicts.get(i)) {
                case PASS -> fails = 0;
                case FAIL -> {
                    if (++fails == n) expected.add(i);
                }
                case NO_DATA, INCONCLUSIVE -> { }
            }
        }
        assertThat(run(Trigger.consecutive(n, Action.ALERT, Severity.ERROR), verdicts)).isEqualTo(expected);
    }

    @Property(tries = 500)
    void failingForFiresWhenTheEpisodeSpansTheDuration(@ForAll @IntRange(min = 1, max = 5) int minutes,
                                                       @ForAll @Size(max = 60) List<Verdict> verdicts) {
        // Reference model over one-minute windows: the episode starts at its first fail's window index s;
        // it fires on the first fail at index i with (i + 1 - s) minutes >= the duration.
        List<Integer> expected = new ArrayList<>();
        int start = -1;
        boolean fired = false;
        for (int i = 0; i < verdicts.size(); i++) {
            switch (verdicts.get(i)) {
                case PASS -> {
                    start = -1;
                    fired = false;
                }
                case FAIL -> {
                    if (start < 0) start = i;
                    if (!fired && i + 1 - start >= minutes) {
                        fired = true;
                        expected.add(i);
                    }
                }
                case NO_DATA, INCONCLUSIVE -> { }
            }
        }
        assertThat(run(Trigger.failingFor(Duration.ofMinutes(minutes), Action.ALERT, Severity.ERROR), verdicts))
                .isEqualTo(expected);
    }

    @Property(tries = 300)
    void gapsCountingAsFailureBehaveLikeFails(@ForAll @IntRange(min = 1, max = 5) int n,
                                              @ForAll @Size(max = 40) List<Verdict> verdicts) {
        Trigger failing = Trigger.consecutive(n, Action.ALERT, Severity.ERROR).withGaps(GapPolicy.FAIL, GapPolicy.FAIL);
        List<Verdict> asFails = verdicts.stream().map(v -> v == Verdict.PASS ? Verdict.PASS : Verdict.FAIL).toList();
        assertThat(run(failing, verdicts)).isEqualTo(run(Trigger.consecutive(n, Action.ALERT, Severity.ERROR), asFails));
    }

    @Property(tries = 300)
    void gapsThatResetBehaveLikePasses(@ForAll @IntRange(min = 1, max = 5) int n,
                                       @ForAll @Size(max = 40) List<Verdict> verdicts) {
        Trigger resetting = Trigger.consecutive(n, Action.ALERT, Severity.ERROR).withGaps(GapPolicy.RESET, GapPolicy.RESET);
        List<Verdict> asPasses = verdicts.stream().map(v -> v == Verdict.FAIL ? Verdict.FAIL : Verdict.PASS).toList();
        assertThat(run(resetting, verdicts)).isEqualTo(run(Trigger.consecutive(n, Action.ALERT, Severity.ERROR), asPasses));
    }
}
