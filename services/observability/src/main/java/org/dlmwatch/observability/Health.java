package org.dlmwatch.observability;

/** The answer of one readiness check: up or not, with a short reason an operator can act on. */
public record Health(boolean up, String detail) {

    public static Health up(String detail) {
        return new Health(true, detail);
    }

    public static Health down(String detail) {
        return new Health(false, detail);
    }
}
