package dev.assay.ranking.monitor;

import static dev.assay.ranking.monitor.MonitorFixture.MINUTE;
import static dev.assay.ranking.monitor.MonitorFixture.T0;
import static dev.assay.ranking.monitor.MonitorFixture.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.ConflictException;
import dev.assay.core.NotFoundException;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import java.lang.reflect.Proxy;
import dev.assay.core.registry.Stage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which versions a monitor accepts, what it records of idle windows, and a rollback the registry refuses (issue 7). */
class RankingMonitorLifecycleTest {
    @TempDir
    Path dir;

    MonitorFixture f;

    @BeforeEach
    void open() {
        f = new MonitorFixture(dir);
    }

    @AfterEach
    void close() {
        if (f != null) f.close();
    }

    RankingMonitor start(String model, String version) {
        return RankingMonitor.start(model, version, MonitorConfig.defaults(), f.clock, new MonitorSinks(f.registry, f.ledger, f.alerts, f.meters));
    }

    @Test
    void start_refusesPrimaryRetiredAndNeverDeployedVersions_withTheReason() {
        assertThatThrownBy(() -> start("ranker", "v1")).isInstanceOf(ConflictException.class).hasMessageContaining("it is the PRIMARY");
        f.registry.registerVersion("ranker", "v3", new Provenance(new ObjectMapper().createObjectNode(), "sha256:cc", 3, "git:3", T0));
        assertThatThrownBy(() -> start("ranker", "v3")).isInstanceOf(ConflictException.class).hasMessageContaining("never been deployed");
        assertThatThrownBy(() -> start("ranker", "nosuch")).isInstanceOf(NotFoundException.class).hasMessageContaining("not registered");
        assertThatThrownBy(() -> start("nosuch", "v1")).isInstanceOf(NotFoundException.class).hasMessageContaining("model nosuch");
        f.registry.rollback("ranker", "v2", "test");
        assertThatThrownBy(() -> start("ranker", "v2")).isInstanceOf(ConflictException.class).hasMessageContaining("RETIRED");
        assertThat(f.entries(RankingMonitor.WINDOW_KIND)).isEmpty();
    }

    @Test
    void idleWindows_areNotRecordedOneByOne_butSummarisedInTheNextRecordedWindow() {
        RankingMonitor m = start("ranker", "v2");
        window(f, m, 0, RankingMonitorTest.GOOD, RankingMonitorTest.FAST);
        f.clock.set(T0.plus(MINUTE.multipliedBy(6)));
        assertThat(m.poll()).hasSize(5);
        List<LedgerEntry> recorded = f.entries(RankingMonitor.WINDOW_KIND);
        assertThat(recorded).hasSize(1);
        window(f, m, 6, RankingMonitorTest.GOOD, RankingMonitorTest.FAST);
        recorded = f.entries(RankingMonitor.WINDOW_KIND);
        assertThat(recorded).hasSize(2);
        assertThat(recorded.get(1).payload()).contains("\"idleWindowsBefore\":5");
        assertThat(m.state().windows()).isEqualTo(7);
        assertThat(f.ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }

    /** The registry refuses (e.g. the candidate was made the first primary meanwhile); the registry here is the real one but for rollback. */
    @Test
    void aRollbackTheRegistryRefuses_isReportedAsRefused_andTheStateDoesNotClaimIt() {
        Registry refusing = (Registry) Proxy.newProxyInstance(Registry.class.getClassLoader(), new Class<?>[] {Registry.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("rollback"))
                        throw new ConflictException("version v2 of model ranker is the first primary: there is no previous primary to roll back to");
                    try {
                        return method.invoke(f.registry, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RankingMonitor m = RankingMonitor.start("ranker", "v2", MonitorConfig.defaults(), f.clock,
                new MonitorSinks(refusing, f.ledger, f.alerts, f.meters));
        for (int i = 0; i < 3; i++) window(f, m, i, RankingMonitorTest.BAD, RankingMonitorTest.FAST);
        assertThat(m.state().rolledBack()).isFalse();
        assertThat(m.state().rollbackReason()).isEmpty();
        assertThat(m.rollbackFailures()).singleElement().asString().contains("no previous primary");
        assertThat(f.entries(RankingMonitor.TRIGGER_KIND)).anySatisfy(e -> assertThat(e.payload()).contains("\"rollback\":\"refused: "));
        assertThat(f.stageOf("v2")).isEqualTo(Stage.CANARY);
    }
}
