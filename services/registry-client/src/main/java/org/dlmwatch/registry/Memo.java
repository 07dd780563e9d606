package org.dlmwatch.registry;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A thread-safe cache that loads each key at most once at a time: concurrent callers of the same
 * missing key wait for the one load instead of each calling the registry. Failed loads are not
 * cached.
 */
final class Memo<K, V> {

    private final ConcurrentHashMap<K, CompletableFuture<V>> entries = new ConcurrentHashMap<>();

    V get(K key, Supplier<V> loader) {
        CompletableFuture<V> entry = entries.get(key);
        if (entry == null) {
            CompletableFuture<V> mine = new CompletableFuture<>();
            entry = entries.putIfAbsent(key, mine);
            if (entry == null) {
                try {
                    V value = loader.get();
                    mine.complete(value);
                    return value;
                } catch (RuntimeException | Error e) {
                    entries.remove(key, mine);
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
        }
        try {
            return entry.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    void put(K key, V value) {
        entries.putIfAbsent(key, CompletableFuture.completedFuture(value));
    }

    Optional<V> peek(K key) {
        CompletableFuture<V> entry = entries.get(key);
        if (entry == null || !entry.isDone() || entry.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return Optional.of(entry.join());
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
    }
}
