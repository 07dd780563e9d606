package org.dlmwatch.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Delegates to another client and counts calls per method name. */
final class CountingClient implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    CountingClient(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    private void count(String method) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public int register(String subject, Schema schema) {
        count("register");
        return delegate.register(subject, schema);
    }

    @Override
    public Schema getById(int id) {
        count("getById");
        return delegate.getById(id);
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        count("getLatest");
        return delegate.getLatest(subject);
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        count("lookup");
        return delegate.lookup(subject, schema);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        count("testCompatibility");
        return delegate.testCompatibility(subject, schema);
    }

    @Override
    public CompatibilityLevel getCompatibility(Optional<String> subject) {
        count("getCompatibility");
        return delegate.getCompatibility(subject);
    }

    @Override
    public void setCompatibility(Optional<String> subject, CompatibilityLevel level) {
        count("setCompatibility");
        delegate.setCompatibility(subject, level);
    }

    @Override
    public List<String> subjects() {
        count("subjects");
        return delegate.subjects();
    }
}
