package org.dlmwatch.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * The operations dlm-watch needs from a Confluent-compatible schema registry (Avro schemas only).
 *
 * <p>The project carries its own client because Confluent's client jars are not on Maven Central
 * (see the package documentation). Two implementations: {@link HttpSchemaRegistryClient} for a
 * real registry (Confluent, or Apicurio's {@code /apis/ccompat/v7}) and
 * {@link InMemorySchemaRegistry} for tests. Both are thread-safe and throw the same
 * {@link SchemaRegistryException} subclasses for the same situations:
 *
 * <table>
 *   <caption>Errors</caption>
 *   <tr><th>situation</th><th>exception</th></tr>
 *   <tr><td>subject unknown or without versions</td><td>{@link SubjectNotFoundException}</td></tr>
 *   <tr><td>schema id unknown</td><td>{@link SchemaNotFoundException}</td></tr>
 *   <tr><td>new version breaks the subject's compatibility level</td>
 *       <td>{@link IncompatibleSchemaException}</td></tr>
 *   <tr><td>schema text is not a valid Avro schema</td><td>{@link InvalidSchemaException}</td></tr>
 *   <tr><td>registry unreachable, timed out, or HTTP 5xx</td>
 *       <td>{@link RegistryUnavailableException}</td></tr>
 * </table>
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} (creating the subject if needed) and returns
     * its registry-wide id. Registering a schema the subject already has returns the existing id
     * and creates no version. The same schema gets the same id under every subject.
     *
     * @throws IncompatibleSchemaException if the subject's compatibility level rejects it
     */
    int register(String subject, Schema schema);

    /**
     * The schema with this registry-wide id.
     *
     * @throws SchemaNotFoundException if no schema has this id
     */
    Schema getById(int id);

    /**
     * The latest version of {@code subject}.
     *
     * @throws SubjectNotFoundException if the subject does not exist or has no versions
     */
    RegisteredSchema getLatest(String subject);

    /**
     * Is {@code schema} registered under {@code subject}? Answers the version that has it, or empty
     * when the subject does not exist or has no version equal to it ({@link Schema#equals}: doc
     * strings and formatting do not matter). Never registers anything.
     */
    Optional<RegisteredSchema> lookup(String subject, Schema schema);

    /**
     * Is {@code schema} compatible with the latest version of {@code subject}, in the direction(s)
     * of the subject's compatibility level? This is the registry's
     * {@code POST /compatibility/subjects/{subject}/versions/latest}: like Confluent and Apicurio, it
     * compares with the latest version only, also for the {@code _TRANSITIVE} levels (where
     * {@link #register} compares with every version, so may still refuse). Registers nothing.
     *
     * @throws SubjectNotFoundException if the subject does not exist or has no versions
     */
    boolean testCompatibility(String subject, Schema schema);

    /**
     * The compatibility level in force: the global one for {@code Optional.empty()}, else the one
     * that applies to the subject (its own level if one was set, otherwise the global one; also for
     * subjects that do not exist yet).
     */
    CompatibilityLevel getCompatibility(Optional<String> subject);

    /**
     * Sets the global compatibility level ({@code Optional.empty()}) or the subject's own level. A
     * subject level may be set before the subject has any version (but see
     * {@link HttpSchemaRegistryClient.Dialect#APICURIO} for NONE).
     */
    void setCompatibility(Optional<String> subject, CompatibilityLevel level);

    /** All subjects that have at least one version, sorted. */
    List<String> subjects();

    /**
     * Parses an Avro schema, e.g. an {@code .avsc} file, into a {@link Schema} for this API.
     *
     * @throws InvalidSchemaException if the text is not a valid Avro schema
     */
    static Schema parseSchema(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw new InvalidSchemaException("Empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw new InvalidSchemaException("Not a valid Avro schema: " + e.getMessage());
        }
    }
}
