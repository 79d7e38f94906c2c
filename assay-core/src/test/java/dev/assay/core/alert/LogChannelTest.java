package dev.assay.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;

class LogChannelTest {
    @Test
    void log_writesOneEventPerAlertAtTheMappedLevelWithKeyValues() {
        try (TestSupport.Capture log = TestSupport.captureLog("assay.alerts")) {
            AlertChannel channel = AlertChannel.log();
            channel.deliver(TestSupport.alert("w", Severity.WARNING));
            channel.deliver(TestSupport.alert("e", Severity.EMERGENCY));
            channel.deliver(TestSupport.alert("i", Severity.INFO));
            assertThat(log.events()).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.ERROR, Level.INFO);
            ILoggingEvent first = log.events().getFirst();
            assertThat(first.getFormattedMessage()).contains("WARNING").contains("title w").contains("detail of w");
            assertThat(first.getKeyValuePairs()).anySatisfy(kv -> {
                assertThat(kv.key).isEqualTo("alertId");
                assertThat(kv.value).isEqualTo("w");
            });
        }
    }
}
