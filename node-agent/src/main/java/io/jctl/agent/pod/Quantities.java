package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;

/** Quantity arithmetic the agent needs; unparseable quantities count as zero (the api-server validated them). */
final class Quantities {
    private Quantities() {
    }

    static BigDecimal value(Quantity q) {
        if (q == null) {
            return BigDecimal.ZERO;
        }
        try {
            return q.getNumericalAmount();
        } catch (RuntimeException e) {
            return BigDecimal.ZERO;
        }
    }

    static long milli(Quantity q) {
        return value(q).movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    static long bytes(Quantity q) {
        return value(q).setScale(0, java.math.RoundingMode.CEILING).longValue();
    }
}
