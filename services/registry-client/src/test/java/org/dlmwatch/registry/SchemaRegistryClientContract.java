package org.dlmwatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dlmwatch.registry.TestSchemas.A;
import static org.dlmwatch.registry.TestSchemas.A_AS_INT;
import static org.dlmwatch.registry.TestSchemas.B_DEFAULT;
import static org.dlmwatch.registry.TestSchemas.B_REQUIRED;
import static org.dlmwatch.registry.TestSchemas.C_OPTIONAL;
import static org.dlmwatch.registry.TestSchemas.sample;

import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.dlmwatch.events.v1.LabResult;
import org.dlmwatch.events.v1.ResultStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SchemaRegistryClient} must do, whatever registry is behind it. Run against
 * {@link InMemorySchemaRegistry} by the unit tests and against a real registry (Apicurio's
 * ccompat API) by integration tests: extend it and implement {@link #client()}.
 *
 * <p>Each test uses subjects of its own ({@link #subject(String)}), so a shared, long-lived
 * registry is fine. Tests that change the global level put it back.
 */
public abstract class SchemaRegistryClientContract {

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** The client under test; the same instance or a new one on each call. */
    protected abstract SchemaRegistryClient client();

    /** A subject unique to this test instance. */
    protected String subject(String name) {
        return "contract-" + run + "-" + name + "-value";
    }

    @Test
    public void registerGivesAnIdThatFetchesTheSchema() {
        Schema schema = sample(A);
        int id = client().register(subject("fetch"), schema);
        assertThat(id).isPositive();
        assertThat(client().getById(id)).isEqualTo(schema);
    }

    @Test
    public void theSameSchemaHasTheSameIdUnderEverySubjectAndIsRegisteredOnce() {
        Schema schema = sample(A, C_OPTIONAL);
        int first = client().register(subject("same-1"), schema);
        assertThat(client().register(subject("same-2"), schema)).isEqualTo(first);
        assertThat(client().register(subject("same-1"), schema)).isEqualTo(first);
        assertThat(client().getLatest(subject("same-1")).version()).isEqualTo(1);
    }

    @Test
    public void versionsCountUpAndReRegisteringAnOldVersionAddsNone() {
        String subject = subject("versions");
        client().setCompatibility(Optional.of(subject), CompatibilityLevel.BACKWARD);
        Schema v1 = sample(A);
        Schema v2 = sample(A, C_OPTIONAL);
        int id1 = client().register(subject, v1);
        int id2 = client().register(subject, v2);
        assertThat(id2).isNotEqualTo(id1);
        assertThat(client().getLatest(subject)).isEqualTo(new RegisteredSchema(subject, 2, id2, v2));
        assertThat(client().register(subject, v1)).isEqualTo(id1);
        assertThat(client().getLatest(subject).version()).isEqualTo(2);
    }

    @Test
    public void lookupAnswersWhetherTheSubjectHasTheSchema() {
        String subject = subject("lookup");
        Schema schema = sample(A, B_DEFAULT);
        int id = client().register(subject, schema);
        assertThat(client().lookup(subject, schema)).contains(new RegisteredSchema(subject, 1, id, schema));
        assertThat(client().lookup(subject, sample(A, B_REQUIRED))).isEmpty();
        assertThat(client().lookup(subject("lookup-none"), schema)).isEmpty();
        assertThat(client().subjects()).doesNotContain(subject("lookup-none"));
    }

    @Test
    public void unknownSubjectIsSubjectNotFound() {
        assertThatThrownBy(() -> client().getLatest(subject("missing")))
                .isInstanceOf(SubjectNotFoundException.class)
                .hasMessageContaining(subject("missing"))
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40401));
    }

    @Test
    public void unknownIdIsSchemaNotFound() {
        assertThatThrownBy(() -> client().getById(1_999_999_999))
                .isInstanceOf(SchemaNotFoundException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
    }

    @Test
    public void backwardLevelRejectsARequiredFieldWithoutDefault() {
        String subject = subject("backward");
        client().setCompatibility(Optional.of(subject), CompatibilityLevel.BACKWARD);
        client().register(subject, sample(A));

        assertThat(client().testCompatibility(subject, sample(A, B_REQUIRED))).isFalse();
        assertThatThrownBy(() -> client().register(subject, sample(A, B_REQUIRED)))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining(subject)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));

        assertThat(client().testCompatibility(subject, sample(A, C_OPTIONAL))).isTrue();
        assertThat(client().getLatest(subject).version()).as("testing registers nothing").isEqualTo(1);
        client().register(subject, sample(A, C_OPTIONAL));
        assertThat(client().getLatest(subject).version()).isEqualTo(2);
    }

    @Test
    public void transitiveLevelChecksEveryVersionAtRegistration() {
        String plain = subject("backward-plain");
        String transitive = subject("backward-transitive");
        client().setCompatibility(Optional.of(plain), CompatibilityLevel.BACKWARD);
        client().setCompatibility(Optional.of(transitive), CompatibilityLevel.BACKWARD_TRANSITIVE);
        for (String subject : new String[] {plain, transitive}) {
            client().register(subject, sample(A));
            client().register(subject, sample(A, B_DEFAULT));
        }
        // reads version 2 (which has b) but not version 1 (no b, and b has no default)
        Schema v3 = sample(A, B_REQUIRED);
        client().register(plain, v3);
        assertThatThrownBy(() -> client().register(transitive, v3)).isInstanceOf(IncompatibleSchemaException.class);
        assertThat(client().getLatest(transitive).version()).isEqualTo(2);
    }

    @Test
    public void testCompatibilityComparesWithTheLatestVersionOnly() {
        String transitive = subject("test-latest");
        client().setCompatibility(Optional.of(transitive), CompatibilityLevel.BACKWARD_TRANSITIVE);
        client().register(transitive, sample(A));
        client().register(transitive, sample(A, B_DEFAULT));
        assertThat(client().testCompatibility(transitive, sample(A, B_REQUIRED))).isTrue();
        assertThat(client().testCompatibility(transitive, sample(A_AS_INT, B_DEFAULT))).isFalse();
    }

    @Test
    public void forwardLevelRejectsRemovingAFieldOldReadersNeed() {
        String subject = subject("forward");
        client().setCompatibility(Optional.of(subject), CompatibilityLevel.FORWARD);
        client().register(subject, sample(A, B_REQUIRED));
        assertThatThrownBy(() -> client().register(subject, sample(A))).isInstanceOf(IncompatibleSchemaException.class);
        client().register(subject, sample(A, B_REQUIRED, C_OPTIONAL));
    }

    @Test
    public void compatibilityTestOfAnUnknownSubjectIsSubjectNotFound() {
        assertThatThrownBy(() -> client().testCompatibility(subject("no-versions"), sample(A)))
                .isInstanceOf(SubjectNotFoundException.class);
    }

    @Test
    public void subjectLevelOverridesTheGlobalOneWhichAppliesOtherwise() {
        CompatibilityLevel global = client().getCompatibility(Optional.empty());
        String subject = subject("level");
        assertThat(client().getCompatibility(Optional.of(subject))).as("unknown subject").isEqualTo(global);
        client().register(subject, sample(A));
        assertThat(client().getCompatibility(Optional.of(subject))).as("no own level").isEqualTo(global);

        CompatibilityLevel other = global == CompatibilityLevel.FULL ? CompatibilityLevel.FORWARD : CompatibilityLevel.FULL;
        client().setCompatibility(Optional.of(subject), other);
        assertThat(client().getCompatibility(Optional.of(subject))).isEqualTo(other);
        assertThat(client().getCompatibility(Optional.empty())).isEqualTo(global);
    }

    @Test
    public void globalLevelCanBeSetToEveryLevel() {
        CompatibilityLevel before = client().getCompatibility(Optional.empty());
        try {
            for (CompatibilityLevel level : CompatibilityLevel.values()) {
                client().setCompatibility(Optional.empty(), level);
                assertThat(client().getCompatibility(Optional.empty())).isEqualTo(level);
            }
        } finally {
            client().setCompatibility(Optional.empty(), before);
        }
    }

    @Test
    public void subjectsListsRegisteredSubjects() {
        client().register(subject("listed-b"), sample(A));
        client().register(subject("listed-a"), sample(A));
        assertThat(client().subjects()).contains(subject("listed-a"), subject("listed-b"));
    }

    @Test
    public void subjectNamesWithReservedCharactersWork() {
        String subject = "contract-" + run + "/odd name+?&-value";
        int id = client().register(subject, sample(A));
        assertThat(client().getLatest(subject).id()).isEqualTo(id);
        assertThat(client().subjects()).contains(subject);
    }

    @Test
    public void serdeRoundTripThroughTheRegistry() {
        String topic = "contract-" + run + ".lab";
        LabResult result = LabResult.newBuilder().setResultId("R1").setPatientId("P1").setLoinc("2039-6")
                .setValue(2.5).setUnit("ng/mL").setStatus(ResultStatus.FINAL)
                .setCollectedAt(Instant.parse("2025-02-01T08:00:00Z")).setResultedAt(Instant.parse("2025-02-01T14:00:00Z"))
                .setSourceSystem("lab-a").build();
        try (SpecificAvroSerde<LabResult> serde = SpecificAvroSerde.of(LabResult.class, client())) {
            byte[] bytes = serde.serializer().serialize(topic, result);
            assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(client().getLatest(topic + "-value").id());
            assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(result);
        }
    }

    @Test
    public void serializerWithoutAutoRegistrationFailsClearlyForAnUnregisteredSchema() {
        String topic = "contract-" + run + ".unregistered";
        LabResult result = LabResult.newBuilder().setResultId("R1").setPatientId("P1").setLoinc("2039-6")
                .setStatus(ResultStatus.FINAL).setCollectedAt(Instant.EPOCH).setResultedAt(Instant.EPOCH)
                .setSourceSystem("lab-a").build();
        SpecificAvroSerializer<LabResult> serializer =
                new SpecificAvroSerializer<>(client(), SerdeSettings.defaults().withAutoRegisterSchemas(false));
        assertThatThrownBy(() -> serializer.serialize(topic, result))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject '" + topic + "-value'")
                .hasMessageContaining("auto.register.schemas");
        int id = client().register(topic + "-value", LabResult.getClassSchema());
        assertThat(WireFormat.readSchemaId(serializer.serialize(topic, result))).isEqualTo(id);
    }
}
