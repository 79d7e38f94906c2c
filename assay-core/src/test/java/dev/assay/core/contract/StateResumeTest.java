package dev.assay.core.contract;

import static dev.assay.core.contract.Fixtures.MINUTE;
import static dev.assay.core.contract.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.assay.core.alert.Severity;
import dev.assay.core.stats.MixtureSprt;
import dev.assay.core.stats.PercentileRecorder;
import dev.assay.core.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Monitors survive a restart by their state: a windower, a contract monitor, a mixture SPRT and a
 * percentile recorder stopped at any point, written as JSON, read back and resumed give exactly what
 * the uninterrupted ones give.
 */
class StateResumeTest {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    static <T> T roundTrip(Object state, Class<T> type) {
        try {
            return JSON.readValue(JSON.writeValueAsString(state), type);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Contract contract() {
        Check latency = Check.builder("latency").metric("latency_ms").require(Statistic.MEAN, Op.LE, 200)
                .trigger(Trigger.consecutive(3, Action.ROLLBACK, Severity.CRITICAL))
                .trigger(Trigger.failingFor(Duration.ofMinutes(4), Action.ALERT, Severity.WARNING).withGaps(GapPolicy.PAUSE, GapPolicy.FAIL))
                .build();
        Check count = Check.builder("volume").metric("latency_ms").require(Statistic.COUNT, Op.GE, 3)
                .trigger(Trigger.consecutive(2, Action.ALERT, Severity.WARNING)).build();
        return new Contract("ranker", MINUTE, List.of(latency, count));
    }

    /** Observations over 20 minutes, some late, with values around the 200 ms limit. */
    static List<Observation> stream(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long at = i * 6_000L - (r.nextInt(10) == 0 ? 90_000 : 0); // one in ten arrives 90 s late
            out.add(new Observation("latency_ms", "all", T0.plusMillis(Math.max(0, at)), 100 + r.nextInt(250)));
        }
        return out;
    }

    /** Feeds {@code obs[from, to)} with the clock following them, evaluating every closed window; the fired triggers and verdicts. */
    static List<String> run(Windower w, ContractMonitor m, ManualClock clock, List<Observation> obs, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Observation o = obs.get(i);
            if (T0.plusMillis(i * 6_000L).isAfter(clock.instant())) clock.set(T0.plusMillis(i * 6_000L));
            for (Window win : w.closeDue()) {
                WindowReport rep = m.observe(win);
                rep.evaluations().forEach(e -> out.add(win.start() + " " + e.check() + " " + e.verdict()));
                rep.events().forEach(e -> out.add(win.start() + " FIRED " + e.check() + " " + e.trigger().action()));
            }
            w.add(o);
        }
        return out;
    }

    @Property(tries = 40)
    void windowerAndContractMonitor_resumedAnywhere_matchTheUninterruptedRun(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                                             @ForAll @IntRange(min = 0, max = 200) int cut) {
        List<Observation> obs = stream(seed);
        ManualClock c1 = new ManualClock(T0);
        Windower w1 = Windower.fixed(MINUTE, c1);
        ContractMonitor m1 = ContractMonitor.of(contract());
        List<String> whole = run(w1, m1, c1, obs, 0, obs.size());

        ManualClock c2 = new ManualClock(T0);
        Windower w2 = Windower.fixed(MINUTE, c2);
        ContractMonitor m2 = ContractMonitor.of(contract());
        List<String> resumed = new ArrayList<>(run(w2, m2, c2, obs, 0, cut));
        Windower w3 = Windower.resume(MINUTE, c2, roundTrip(w2.state(), Windower.State.class));
        ContractMonitor m3 = ContractMonitor.resume(contract(), roundTrip(m2.state(), ContractMonitor.State.class));
        resumed.addAll(run(w3, m3, c2, obs, cut, obs.size()));
        assertThat(resumed).isEqualTo(whole);
        assertThat(w3.late()).isEqualTo(w1.late());
    }

    @Property(tries = 40)
    void mixtureSprt_resumedAnywhere_matchesTheUninterruptedTest(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                                @ForAll @IntRange(min = 0, max = 300) int cut) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[300];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() * 0.1 - 0.01;
        MixtureSprt whole = MixtureSprt.estimatedVariance(1e-3, 20);
        for (double v : x) whole.update(v);
        MixtureSprt first = MixtureSprt.estimatedVariance(1e-3, 20);
        for (int i = 0; i < cut; i++) first.update(x[i]);
        MixtureSprt resumed = MixtureSprt.estimatedVariance(1e-3, 20).resume(roundTrip(first.state(), MixtureSprt.State.class));
        for (int i = cut; i < x.length; i++) resumed.update(x[i]);
        assertThat(resumed.state()).isEqualTo(whole.state());
    }

    @Property(tries = 20)
    void percentileRecorder_encodedAndDecoded_keepsEveryValue(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PercentileRecorder p = PercentileRecorder.create();
        for (int i = 0; i < 500; i++) p.record(r.nextLong(1, 5_000_000));
        PercentileRecorder back = PercentileRecorder.decode(p.encode());
        assertThat(back.summary()).isEqualTo(p.summary());
        for (double q : new double[] {1, 10, 50, 90, 99.9}) assertThat(back.valueAtPercentile(q)).isEqualTo(p.valueAtPercentile(q));
    }
}
