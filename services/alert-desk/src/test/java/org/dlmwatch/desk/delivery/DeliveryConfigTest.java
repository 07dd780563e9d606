package org.dlmwatch.desk.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.dlmwatch.events.v1.Severity;
import org.junit.jupiter.api.Test;

class DeliveryConfigTest {

    @Test
    void readsChannelsSeverityEscalationAndBackoff() throws Exception {
        DeliveryConfig c = DeliveryConfig.fromProperties(props("""
                delivery.minSeverity=medium
                delivery.channels=oncall, mdt-mail
                delivery.escalation.channel=oncall
                delivery.escalation.after.CRITICAL=PT2H
                delivery.backoff.initial=PT1S
                delivery.tick=PT2S
                channel.oncall.type=webhook
                channel.oncall.url=https://paging.example.org/hooks/dlm
                channel.oncall.header.Authorization=Bearer abc
                channel.oncall.patientData=PATIENT_ID
                channel.mdt-mail.type=email
                channel.mdt-mail.smtp.host=smtp.example.org
                channel.mdt-mail.smtp.port=587
                channel.mdt-mail.smtp.startTls=true
                channel.mdt-mail.from=dlm-watch@example.org
                channel.mdt-mail.to=hpb-mdt@example.org,oncall@example.org
                """));
        assertThat(c.minSeverity()).isEqualTo(Severity.MEDIUM);
        assertThat(c.raisedChannels()).containsExactly("oncall", "mdt-mail");
        assertThat(c.escalationChannel()).isEqualTo("oncall");
        assertThat(c.escalateAfter()).containsEntry(Severity.CRITICAL, Duration.ofHours(2))
                .containsEntry(Severity.HIGH, Duration.ofHours(24)).hasSize(2);
        assertThat(c.backoff().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.backoff().max()).isEqualTo(Backoff.DEFAULT.max());
        assertThat(c.tick()).isEqualTo(Duration.ofSeconds(2));
        Channel.Webhook hook = (Channel.Webhook) c.channels().get("oncall");
        assertThat(hook.headers()).containsEntry("Authorization", "Bearer abc");
        assertThat(hook.patientData()).isEqualTo(PatientData.PATIENT_ID);
        Channel.Email mail = (Channel.Email) c.channels().get("mdt-mail");
        assertThat(mail.to()).isEqualTo(List.of("hpb-mdt@example.org", "oncall@example.org"));
        assertThat(mail.startTls()).isTrue();
        assertThat(mail.patientData()).isEqualTo(PatientData.NONE);
        assertThat(c.enabled()).isTrue();
    }

    @Test
    void emptyMeansNoDelivery() throws Exception {
        DeliveryConfig c = DeliveryConfig.fromProperties(props(""));
        assertThat(c.enabled()).isFalse();
        assertThat(c.escalateAfter()).isEqualTo(DeliveryConfig.DEFAULT_ESCALATION);
    }

    @Test
    void clearMessagesForMistakes() {
        assertThatThrownBy(() -> DeliveryConfig.fromProperties(props("delivery.channels=nowhere")))
                .hasMessage("delivery channel 'nowhere' is not configured");
        assertThatThrownBy(() -> DeliveryConfig.fromProperties(props("channel.x.type=pigeon")))
                .hasMessage("channel.x.type must be webhook or email");
        assertThatThrownBy(() -> DeliveryConfig.fromProperties(props("channel.x.type=webhook")))
                .hasMessage("channel.x.url is required");
        assertThatThrownBy(() -> DeliveryConfig.fromProperties(props("delivery.escalation.after.HIGH=1 day")))
                .hasMessageContaining("ISO-8601 duration");
        assertThatThrownBy(() -> DeliveryConfig.fromProperties(props("delivery.minSeverity=urgent")))
                .hasMessageContaining("delivery.minSeverity must be one of");
    }

    @Test
    void loadsAFileAndNamesItInErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("delivery.properties");
        java.nio.file.Files.writeString(file, "delivery.channels=hook\nchannel.hook.type=webhook\n"
                + "channel.hook.url=http://127.0.0.1:9/h\n");
        assertThat(DeliveryConfig.load(file).raisedChannels()).containsExactly("hook");
        java.nio.file.Files.writeString(file, "delivery.channels=nope\n");
        assertThatThrownBy(() -> DeliveryConfig.load(file)).hasMessage(file + ": delivery channel 'nope' is not configured");
    }

    private static Properties props(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }
}
