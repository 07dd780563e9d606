package org.dlmwatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dlmwatch.registry.TestSchemas.A;
import static org.dlmwatch.registry.TestSchemas.C_OPTIONAL;
import static org.dlmwatch.registry.TestSchemas.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The registry contract against a real Confluent-compatible registry, e.g. Apicurio 2.6 started by
 * hand: {@code mvn -pl services/registry-client verify
 * -Ddlmwatch.registry.url=http://127.0.0.1:18085/apis/ccompat/v7}. Skipped without that property;
 * the permanent version will start Apicurio through services/local-infra.
 */
@EnabledIfSystemProperty(named = ApicurioSchemaRegistryIT.URL_PROPERTY, matches = ".+")
class ApicurioSchemaRegistryIT extends SchemaRegistryClientContract {

    static final String URL_PROPERTY = "dlmwatch.registry.url";

    private final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(System.getProperty(URL_PROPERTY));

    @Override
    protected SchemaRegistryClient client() {
        return client;
    }

    @Test
    void dialectIsDetectedAsApicurio() {
        assertThat(client.dialect()).isEqualTo(HttpSchemaRegistryClient.Dialect.APICURIO);
    }

    /** Apicurio stores a subject-level NONE as "no subject level": refused while the global level is stricter. */
    @Test
    void subjectLevelNoneFollowsTheGlobalLevel() {
        CompatibilityLevel before = client.getCompatibility(Optional.empty());
        String subject = subject("none");
        try {
            client.setCompatibility(Optional.empty(), CompatibilityLevel.BACKWARD);
            client.register(subject, sample(A));
            assertThat(client.getCompatibility(Optional.of(subject))).isEqualTo(CompatibilityLevel.BACKWARD);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> client.setCompatibility(Optional.of(subject), CompatibilityLevel.NONE))
                    .hasMessageContaining("cannot give subject");

            client.setCompatibility(Optional.empty(), CompatibilityLevel.NONE);
            client.setCompatibility(Optional.empty(), CompatibilityLevel.NONE);
            client.setCompatibility(Optional.of(subject), CompatibilityLevel.NONE);
            client.setCompatibility(Optional.of(subject("none-unknown")), CompatibilityLevel.NONE);
            assertThat(client.getCompatibility(Optional.of(subject))).isEqualTo(CompatibilityLevel.NONE);
            client.register(subject, sample(TestSchemas.A_AS_INT));
        } finally {
            client.setCompatibility(Optional.empty(), before);
        }
    }

    /**
     * Apicurio matches POST /subjects/{s} on the exact schema text, so a schema registered with other
     * formatting (an .avsc file uploaded as is) is not found by it; lookup falls back to comparing
     * parsed versions.
     */
    @Test
    void lookupFindsASchemaRegisteredWithOtherFormatting() throws Exception {
        String subject = subject("formatting");
        client.setCompatibility(Optional.of(subject), CompatibilityLevel.BACKWARD);
        Schema schema = sample(A, C_OPTIONAL);
        String pretty = schema.toString(true);
        String body = "{\"schema\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(pretty) + "}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(client.baseUrl() + "/subjects/" + subject + "/versions"))
                        .header("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        Optional<RegisteredSchema> found = client.lookup(subject, schema);
        assertThat(found).isPresent();
        assertThat(found.get().version()).isEqualTo(1);
        assertThat(found.get().schema()).isEqualTo(schema);
    }
}
