package org.dlmwatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dlmwatch.registry.TestSchemas.A;
import static org.dlmwatch.registry.TestSchemas.A_AS_INT;
import static org.dlmwatch.registry.TestSchemas.B_DEFAULT;
import static org.dlmwatch.registry.TestSchemas.B_REQUIRED;
import static org.dlmwatch.registry.TestSchemas.C_OPTIONAL;
import static org.dlmwatch.registry.TestSchemas.sample;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.dlmwatch.events.EventSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InMemorySchemaRegistryTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void defaultGlobalLevelIsBackwardLikeConfluent() {
        assertThat(registry.getCompatibility(Optional.empty())).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(new InMemorySchemaRegistry(CompatibilityLevel.NONE).getCompatibility(Optional.empty()))
                .isEqualTo(CompatibilityLevel.NONE);
    }

    @Test
    void errorsCarryTheRegistryCodes() {
        assertThatThrownBy(() -> registry.getLatest("x-value")).isInstanceOf(SubjectNotFoundException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(404));
        assertThatThrownBy(() -> registry.getById(42)).isInstanceOf(SchemaNotFoundException.class)
                .hasMessage("Schema id 42 not found");
        registry.register("x-value", sample(A));
        assertThatThrownBy(() -> registry.register("x-value", sample(A_AS_INT)))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("x-value").hasMessageContaining("BACKWARD")
                .hasMessageContaining("/fields/0/type")
                .satisfies(e -> {
                    assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409);
                    assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(409);
                });
        assertThatThrownBy(() -> registry.register(" ", sample(A))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noneAcceptsAnything() {
        registry.setCompatibility(Optional.of("x-value"), CompatibilityLevel.NONE);
        registry.register("x-value", sample(A));
        registry.register("x-value", sample(A_AS_INT));
        registry.register("x-value", Schema.create(Schema.Type.STRING));
        assertThat(registry.getLatest("x-value").version()).isEqualTo(3);
    }

    @Test
    void fullNeedsBothDirections() {
        registry.setCompatibility(Optional.of("x-value"), CompatibilityLevel.FULL);
        registry.register("x-value", sample(A, B_REQUIRED));
        // backward compatible only: the new reader ignores b, but version 1 readers need it
        assertThat(registry.testCompatibility("x-value", sample(A))).isFalse();
        // both: version 1 readers ignore c, the new reader defaults it
        assertThat(registry.testCompatibility("x-value", sample(A, B_REQUIRED, C_OPTIONAL))).isTrue();
        // forward compatible only: the new reader needs d, which version 1 data lacks
        assertThat(registry.testCompatibility("x-value", sample(A, B_REQUIRED, "{\"name\":\"d\",\"type\":\"int\"}")))
                .isFalse();
    }

    @Test
    void forwardTransitiveAndFullTransitiveCheckEveryVersion() {
        for (CompatibilityLevel level : List.of(CompatibilityLevel.FORWARD, CompatibilityLevel.FULL)) {
            String subject = level + "-value";
            String transitiveSubject = level + "_TRANSITIVE-value";
            registry.setCompatibility(Optional.of(subject), level);
            registry.setCompatibility(Optional.of(transitiveSubject), CompatibilityLevel.parse(level + "_TRANSITIVE"));
            for (String s : List.of(subject, transitiveSubject)) {
                registry.register(s, sample(A, B_REQUIRED));
                registry.register(s, sample(A, B_DEFAULT));
            }
            // version 2 readers default b; version 1 readers need it
            registry.register(subject, sample(A));
            assertThatThrownBy(() -> registry.register(transitiveSubject, sample(A))).as(transitiveSubject)
                    .isInstanceOf(IncompatibleSchemaException.class)
                    .hasMessageContaining("version 1 cannot read data written with the new schema");
        }
    }

    @ParameterizedTest
    @EnumSource(CompatibilityLevel.class)
    void everyLevelAcceptsTheFirstVersionAndAnIdenticalOne(CompatibilityLevel level) {
        registry.setCompatibility(Optional.of("x-value"), level);
        int id = registry.register("x-value", sample(A));
        assertThat(registry.testCompatibility("x-value", sample(A))).isTrue();
        assertThat(registry.register("x-value", sample(A))).isEqualTo(id);
    }

    @Test
    void lookupIgnoresDocStrings() {
        int id = registry.register("x-value", sample(A));
        Schema documented = SchemaRegistryClient.parseSchema("{\"type\":\"record\",\"name\":\"Sample\","
                + "\"namespace\":\"org.dlmwatch.test\",\"doc\":\"a sample\",\"fields\":[{\"name\":\"a\",\"type\":\"string\","
                + "\"doc\":\"the a\"}]}");
        assertThat(registry.lookup("x-value", documented)).map(RegisteredSchema::id).contains(id);
        assertThat(registry.register("x-value", documented)).isEqualTo(id);
    }

    @Test
    void everyContractRecordRegistersOnItsOwnSubject() {
        Map<Integer, Schema> ids = new HashMap<>();
        for (Schema schema : EventSchemas.TOP_LEVEL) {
            ids.put(registry.register(schema.getName() + "-value", schema), schema);
        }
        assertThat(ids).hasSize(EventSchemas.TOP_LEVEL.size());
        ids.forEach((id, schema) -> assertThat(registry.getById(id)).isEqualTo(schema));
        assertThat(registry.subjects()).hasSize(EventSchemas.TOP_LEVEL.size()).isSorted();
    }

    @Test
    void parseSchemaRejectsInvalidText() {
        assertThatThrownBy(() -> SchemaRegistryClient.parseSchema("{not json")).isInstanceOf(InvalidSchemaException.class);
        assertThatThrownBy(() -> SchemaRegistryClient.parseSchema("{\"type\":\"record\",\"name\":\"T\"}"))
                .isInstanceOf(InvalidSchemaException.class);
        assertThatThrownBy(() -> SchemaRegistryClient.parseSchema(" ")).isInstanceOf(InvalidSchemaException.class);
    }

    @Test
    void concurrentRegistrationsGetConsistentIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            tasks.add(() -> registry.register("s" + (n % 20) + "-value",
                    sample(A, "{\"name\":\"f" + (n % 10) + "\",\"type\":[\"null\",\"int\"],\"default\":null}")));
        }
        Map<Integer, Integer> idBySchemaNumber = new HashMap<>();
        try {
            List<Future<Integer>> results = pool.invokeAll(tasks);
            for (int i = 0; i < results.size(); i++) {
                Integer previous = idBySchemaNumber.putIfAbsent(i % 10, results.get(i).get());
                if (previous != null) {
                    assertThat(results.get(i).get()).isEqualTo(previous);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new HashSet<>(idBySchemaNumber.values())).hasSize(10);
        assertThat(registry.subjects()).hasSize(20);
    }

    @Test
    void namedRegistriesAreSharedUntilDropped() {
        InMemorySchemaRegistry shared = InMemorySchemaRegistry.named("registry-test-named");
        assertThat(InMemorySchemaRegistry.named("registry-test-named")).isSameAs(shared);
        shared.register("x-value", sample(A));
        InMemorySchemaRegistry.dropNamed("registry-test-named");
        assertThat(InMemorySchemaRegistry.named("registry-test-named").subjects()).isEmpty();
        InMemorySchemaRegistry.dropNamed("registry-test-named");
    }

    @Test
    void clearForgetsEverything() {
        registry.setCompatibility(Optional.empty(), CompatibilityLevel.NONE);
        registry.register("x-value", sample(A));
        registry.clear();
        assertThat(registry.subjects()).isEmpty();
        assertThat(registry.getCompatibility(Optional.empty())).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.register("y-value", sample(A, C_OPTIONAL))).isEqualTo(1);
    }
}
