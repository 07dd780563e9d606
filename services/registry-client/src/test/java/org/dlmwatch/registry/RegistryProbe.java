package org.dlmwatch.registry;

import java.util.Optional;

/**
 * Asks a registry for its compatibility level and prints it: run in a JVM of its own by
 * {@link MutualTlsIT}, so that the JVM's key and trust store properties apply from the start.
 */
public final class RegistryProbe {

    private RegistryProbe() {}

    public static void main(String[] args) {
        try {
            System.out.println(new HttpSchemaRegistryClient(args[0]).getCompatibility(Optional.empty()));
        } catch (RuntimeException e) {
            // the class names of the chain say why (a handshake refused, a certificate not trusted)
            for (Throwable t = e; t != null; t = t.getCause()) {
                System.out.println(t.getClass().getName());
            }
            System.exit(1);
        }
    }
}
