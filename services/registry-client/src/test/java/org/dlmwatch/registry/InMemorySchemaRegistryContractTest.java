package org.dlmwatch.registry;

/** The registry contract, against the in-memory registry. */
class InMemorySchemaRegistryContractTest extends SchemaRegistryClientContract {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Override
    protected SchemaRegistryClient client() {
        return registry;
    }
}
