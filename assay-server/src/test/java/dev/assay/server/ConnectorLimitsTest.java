package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.config.AssayConfig;
import dev.assay.core.config.ServerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorLimitsTest {
    @Test
    void theConfigurationsDefaultsAreTheServersDefaults() {
        assertThat(ConnectorLimits.of(AssayConfig.defaults().server().connections())).isEqualTo(ConnectorLimits.defaults());
    }

    @Test
    void of_takesEveryLimitFromTheConfiguration() {
        AssayConfig cfg = AssayConfig.load(null, Map.of("ASSAY_SERVER_IDLE_TIMEOUT", "2m", "ASSAY_SERVER_HEADER_TIMEOUT", "4s",
                "ASSAY_SERVER_MAX_CONNECTIONS", "300", "ASSAY_SERVER_MAX_CONNECTIONS_PER_ADDRESS", "9"), Map.of());
        assertThat(ConnectorLimits.of(cfg.server().connections()))
                .isEqualTo(new ConnectorLimits(Duration.ofMinutes(2), Duration.ofSeconds(4), 300, 9));
    }

    @Test
    void rejectsPerAddressAboveTheTotal() {
        assertThatThrownBy(() -> new ConnectorLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 4, 5)).hasMessageContaining("5");
        assertThatThrownBy(() -> new ServerConfig.Connections(Duration.ofSeconds(1), Duration.ofSeconds(1), 4, 5)).hasMessageContaining("5");
    }
}
