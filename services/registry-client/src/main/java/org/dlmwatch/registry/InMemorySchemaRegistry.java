package org.dlmwatch.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A schema registry in process memory, with the semantics of a Confluent-compatible registry: for
 * fast unit tests (including {@code TopologyTestDriver} tests) that must not start a real one.
 *
 * <p>It is part of the main code, not of the tests, so that other modules' tests can use it, and
 * it is faithful on purpose: compatibility is really checked with Avro's
 * {@link org.apache.avro.SchemaCompatibility} under the configured {@link CompatibilityLevel}
 * (transitive levels included), and it throws the same {@link SchemaRegistryException} subclasses,
 * with the same HTTP status and error codes, as {@link HttpSchemaRegistryClient} does for the same
 * situation. Ids are registry-wide and stable: the same schema (same {@link Schema#toString()})
 * gets the same id under every subject. Thread-safe.
 *
 * <p>The default global level is {@link CompatibilityLevel#BACKWARD}, as on a Confluent registry
 * (Apicurio starts at NONE; dlm-watch configures BACKWARD there).
 *
 * <p>Serdes configured with {@code schema.registry.url=mem://NAME} share the instance
 * {@link #named(String) named(NAME)}.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final ConcurrentHashMap<String, InMemorySchemaRegistry> NAMED = new ConcurrentHashMap<>();

    private final CompatibilityLevel defaultLevel;

    // All state is guarded by "this".
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;
    private int nextId = 1;

    /** An empty registry with global level {@link CompatibilityLevel#BACKWARD}. */
    public InMemorySchemaRegistry() {
        this(CompatibilityLevel.BACKWARD);
    }

    /** An empty registry with the given global level. */
    public InMemorySchemaRegistry(CompatibilityLevel globalLevel) {
        this.defaultLevel = Objects.requireNonNull(globalLevel, "globalLevel");
        this.globalLevel = globalLevel;
    }

    /**
     * The process-wide registry called {@code name}, created empty on first use. This is what
     * {@code schema.registry.url=mem://name} binds to. Use a unique name per test, or
     * {@link #clear()} / {@link #dropNamed(String)} it afterwards.
     */
    public static InMemorySchemaRegistry named(String name) {
        Objects.requireNonNull(name, "name");
        return NAMED.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
    }

    /** Forgets the process-wide registry called {@code name}; the next {@link #named} starts empty. */
    public static void dropNamed(String name) {
        NAMED.remove(name);
    }

    /** Forgets every schema, subject and level setting; ids start from 1 again. */
    public synchronized void clear() {
        idsByText.clear();
        schemasById.clear();
        versionsBySubject.clear();
        subjectLevels.clear();
        globalLevel = defaultLevel;
        nextId = 1;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        Optional<RegisteredSchema> existing = lookup(subject, schema);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        List<String> problems = compatibilityProblems(subject, schema);
        if (!problems.isEmpty()) {
            throw new IncompatibleSchemaException("Schema " + schema.getFullName()
                    + " is incompatible with subject '" + subject + "' under "
                    + effectiveLevel(subject) + ": " + String.join("; ", problems));
        }
        int id = idsByText.computeIfAbsent(schema.toString(), text -> nextId++);
        schemasById.putIfAbsent(id, schema);
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("Schema id " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema getLatest(String subject) {
        List<Integer> versions = versions(subject);
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), id, schemasById.get(id));
    }

    @Override
    public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        requireSubject(subject);
        Objects.requireNonNull(schema, "schema");
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        for (int i = versions.size() - 1; i >= 0; i--) {
            Schema candidate = schemasById.get(versions.get(i));
            if (candidate.equals(schema)) {
                return Optional.of(new RegisteredSchema(subject, i + 1, versions.get(i), candidate));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean testCompatibility(String subject, Schema schema) {
        List<Integer> versions = versions(subject);
        Objects.requireNonNull(schema, "schema");
        Schema latest = schemasById.get(versions.get(versions.size() - 1));
        return AvroCompatibility.problemsWith(effectiveLevel(subject), schema, latest, versions.size()).isEmpty();
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility(Optional<String> subject) {
        Objects.requireNonNull(subject, "subject (use Optional.empty() for the global level)");
        return subject.map(this::effectiveLevel).orElse(globalLevel);
    }

    @Override
    public synchronized void setCompatibility(Optional<String> subject, CompatibilityLevel level) {
        Objects.requireNonNull(subject, "subject (use Optional.empty() for the global level)");
        Objects.requireNonNull(level, "level");
        if (subject.isPresent()) {
            subjectLevels.put(requireSubject(subject.get()), level);
        } else {
            globalLevel = level;
        }
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistry";
    }

    private List<String> compatibilityProblems(String subject, Schema schema) {
        List<Schema> previous = new ArrayList<>();
        for (int id : versionsBySubject.getOrDefault(subject, List.of())) {
            previous.add(schemasById.get(id));
        }
        return AvroCompatibility.problems(effectiveLevel(subject), schema, previous);
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<Integer> versions(String subject) {
        requireSubject(subject);
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SubjectNotFoundException("Subject '" + subject + "' not found");
        }
        return versions;
    }

    private static String requireSubject(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("Subject must not be blank");
        }
        return subject;
    }
}
