package org.dlmwatch.registry;

import org.apache.avro.Schema;

/** Small record schemas for compatibility tests, all named {@code org.dlmwatch.test.Sample}. */
public final class TestSchemas {

    private TestSchemas() {}

    /** A {@code Sample} record with the given fields, each written as Avro JSON. */
    public static Schema sample(String... fields) {
        return SchemaRegistryClient.parseSchema("{\"type\":\"record\",\"name\":\"Sample\",\"namespace\":\"org.dlmwatch.test\","
                + "\"fields\":[" + String.join(",", fields) + "]}");
    }

    public static final String A = "{\"name\":\"a\",\"type\":\"string\"}";
    /** Required int, no default. */
    public static final String B_REQUIRED = "{\"name\":\"b\",\"type\":\"int\"}";
    /** Int with default 0. */
    public static final String B_DEFAULT = "{\"name\":\"b\",\"type\":\"int\",\"default\":0}";
    /** Optional string, default null. */
    public static final String C_OPTIONAL = "{\"name\":\"c\",\"type\":[\"null\",\"string\"],\"default\":null}";
    /** {@code a} as an int: incompatible with {@link #A} either way. */
    public static final String A_AS_INT = "{\"name\":\"a\",\"type\":\"int\"}";
}
