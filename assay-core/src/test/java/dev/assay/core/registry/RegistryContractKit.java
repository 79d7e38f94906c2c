package dev.assay.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registry and rollout behaviour every store must show. */
abstract class RegistryContractKit {
    static final ObjectMapper JSON = new ObjectMapper();
    Store store;
    Ledger ledger;
    Registry registry;

    protected abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
        Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
        ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
        registry = Registry.open(store, ledger, clock);
    }

    @AfterEach
    void close() {
        if (ledger != null) ledger.close();
        if (store != null) store.close(); // null when the backend is absent and the test was skipped
    }

    static Provenance provenance(long seed) {
        return new Provenance(JSON.createObjectNode().put("depth", 6).put("lr", 0.1), "sha256:abc", seed, "git:1234",
                Instant.parse("2026-03-01T00:00:00Z"));
    }

    void ranker(String... versions) {
        registry.registerModel("ranker", "search ranker");
        for (int i = 0; i < versions.length; i++) registry.registerVersion("ranker", versions[i], provenance(i));
    }

    Stage stageOf(String version) {
        return registry.deployments("ranker").stream().filter(d -> d.version().equals(version))
                .map(Deployment::stage).findFirst().orElse(Stage.REGISTERED);
    }

    @Test
    void register_keepsProvenanceAndRecordsIt() {
        ranker("v1");
        ModelVersion v = registry.versions("ranker").get(0);
        assertThat(v.provenance().seed()).isZero();
        assertThat(v.provenance().config().get("lr").asDouble()).isEqualTo(0.1);
        assertThat(v.provenance().dataHash()).isEqualTo("sha256:abc");
        List<LedgerEntry> entries = ledger.page(0, 10);
        assertThat(entries).extracting(LedgerEntry::kind)
                .containsExactly("registry.model.registered", "registry.version.registered");
        assertThat(entries.get(1).payload()).contains("\"codeVersion\":\"git:1234\"");
    }

    @Test
    void register_rejectsDuplicatesUnknownModelsAndBadNames() {
        ranker("v1");
        assertThatThrownBy(() -> registry.registerModel("ranker", "again")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> registry.registerVersion("ranker", "v1", provenance(1))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> registry.registerVersion("nope", "v1", provenance(1))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> registry.registerModel("Bad Name", "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Bad Name");
        assertThat(ledger.headSeq()).as("failed registrations leave no ledger entry").isEqualTo(2);
    }

    @Test
    void canaryThenPromote_movesTrafficAndRetiresTheOldPrimary() {
        ranker("v1", "v2");
        registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "first release");
        Deployment canary = registry.deploy("ranker", "v2", Stage.CANARY, 10, "canary");
        assertThat(canary.trafficPercent()).isEqualTo(10);
        assertThat(registry.deployments("ranker")).extracting(Deployment::version, Deployment::stage, Deployment::trafficPercent)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("v1", Stage.PRIMARY, 90.0),
                        org.assertj.core.groups.Tuple.tuple("v2", Stage.CANARY, 10.0));
        registry.promote("ranker", "v2", "contract passed");
        assertThat(stageOf("v2")).isEqualTo(Stage.PRIMARY);
        assertThat(stageOf("v1")).isEqualTo(Stage.RETIRED);
        assertThat(registry.route("ranker", "any-key").version()).isEqualTo("v2");
        assertThat(ledger.verify(VerifyMode.FULL).valid()).isTrue();
    }

    @Test
    void illegalTransitions_throwAndRecordNothing() {
        ranker("v1", "v2", "v3");
        assertThatThrownBy(() -> registry.deploy("ranker", "v2", Stage.CANARY, 10, "no primary yet"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("no primary");
        long head = ledger.headSeq();
        assertThat(head).as("the refused CANARY recorded nothing").isEqualTo(4);
        registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "first");
        head = ledger.headSeq();
        assertThatThrownBy(() -> registry.deploy("ranker", "v2", Stage.PRIMARY, 0, "second primary"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already has primary");
        assertThatThrownBy(() -> registry.promote("ranker", "v2", "not a candidate"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("REGISTERED");
        assertThatThrownBy(() -> registry.deploy("ranker", "v1", Stage.RETIRED, 0, "retire primary"))
                .isInstanceOf(ConflictException.class);
        assertThat(ledger.headSeq()).isEqualTo(head);
        registry.deploy("ranker", "v2", Stage.CANARY, 5, "canary");
        head = ledger.headSeq();
        assertThatThrownBy(() -> registry.deploy("ranker", "v3", Stage.AB, 50, "second candidate"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already has candidate v2");
        assertThatThrownBy(() -> registry.deploy("ranker", "v2", Stage.SHADOW, 0, "canary back to shadow"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("cannot move from CANARY to SHADOW");
        assertThatThrownBy(() -> registry.deploy("ranker", "v2", Stage.CANARY, 100, "all traffic"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> registry.deploy("ranker", "v2", Stage.CANARY, 5, " "))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("reason");
        assertThat(ledger.headSeq()).isEqualTo(head);
    }

    @Test
    void rollback_ofACanary_returnsAllTrafficToThePrimaryAndIsIdempotent() {
        ranker("v1", "v2");
        registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "first");
        registry.deploy("ranker", "v2", Stage.CANARY, 20, "canary");
        RollbackOutcome first = registry.rollback("ranker", "v2", "quality LCB < 0 for 3 windows");
        assertThat(first).isInstanceOf(RollbackOutcome.RolledBack.class);
        long head = ledger.headSeq();
        assertThat(((RollbackOutcome.RolledBack) first).ledgerSeq()).isEqualTo(head);
        RollbackOutcome second = registry.rollback("ranker", "v2", "monitor fired again");
        assertThat(second).isInstanceOf(RollbackOutcome.AlreadyRolledBack.class);
        assertThat(ledger.headSeq()).as("a repeated rollback records nothing new").isEqualTo(head);
        assertThat(registry.deployments("ranker")).filteredOn(d -> d.version().equals("v1"))
                .singleElement().extracting(Deployment::trafficPercent).isEqualTo(100.0);
        assertThat(ledger.get(head).orElseThrow().kind()).isEqualTo("registry.deployment.rolled-back");
    }

    @Test
    void rollback_ofAPromotedPrimary_restoresThePreviousPrimaryOnlyOnce() {
        ranker("v1", "v2");
        registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "first");
        registry.deploy("ranker", "v2", Stage.AB, 50, "experiment");
        registry.promote("ranker", "v2", "won");
        registry.rollback("ranker", "v2", "p95 above limit for 5 minutes");
        assertThat(stageOf("v1")).isEqualTo(Stage.PRIMARY);
        assertThat(stageOf("v2")).isEqualTo(Stage.RETIRED);
        assertThatThrownBy(() -> registry.rollback("ranker", "v1", "no further"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("no previous primary");
    }

    @Test
    void route_splitsTrafficWithinABinomialBoundOver100kKeys() {
        ranker("v1", "v2");
        registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "first");
        registry.deploy("ranker", "v2", Stage.CANARY, 10, "canary");
        int n = 100_000;
        int toCanary = 0;
        for (int i = 0; i < n; i++) if (registry.route("ranker", "user-" + i).version().equals("v2")) toCanary++;
        double sd = Math.sqrt(n * 0.1 * 0.9);
        assertThat((double) toCanary).isBetween(n * 0.1 - 5 * sd, n * 0.1 + 5 * sd);
        assertThat(registry.route("ranker", "user-42")).isEqualTo(registry.route("ranker", "user-42"));
    }

    @Test
    void route_sendsShadowCopiesAndFailsClearlyWithoutAPrimary() {
        ranker("v1", "v2");
        assertThatThrownBy(() -> registry.route("ranker", "k")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no primary");
        assertThatThrownBy(() -> registry.route("unknown", "k")).isInstanceOf(NotFoundException.class);
        registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "first");
        registry.deploy("ranker", "v2", Stage.SHADOW, 0, "shadow");
        RouteDecision d = registry.route("ranker", "k");
        assertThat(d.version()).isEqualTo("v1");
        assertThat(d.shadows()).containsExactly("v2");
    }

    @Test
    void everyTransition_isInTheLedgerWithItsChanges() {
        ranker("v1", "v2");
        registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "first");
        registry.deploy("ranker", "v2", Stage.CANARY, 10, "canary");
        registry.promote("ranker", "v2", "passed");
        List<LedgerEntry> entries = ledger.page(3, 10);
        assertThat(entries).extracting(LedgerEntry::kind).containsExactly(
                "registry.deployment.changed", "registry.deployment.changed", "registry.deployment.promoted");
        assertThat(entries.get(2).payload()).contains("\"from\":\"CANARY\"", "\"to\":\"PRIMARY\"", "\"from\":\"PRIMARY\"",
                "\"to\":\"RETIRED\"", "\"reason\":\"passed\"");
    }
}
