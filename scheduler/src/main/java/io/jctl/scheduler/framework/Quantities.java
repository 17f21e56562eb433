package io.jctl.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** Resource quantities as whole numbers, rounded up as Kubernetes' {@code Value()} and {@code MilliValue()} do. */
public final class Quantities {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Quantities() {
    }

    /** cpu in millicores; 0 when absent or unreadable. */
    public static long milli(Map<String, Quantity> resources, String name) {
        Quantity q = resources == null ? null : resources.get(name);
        return q == null ? 0 : milli(q);
    }

    /** Bytes (or a plain count, for pods); 0 when absent or unreadable. */
    public static long value(Map<String, Quantity> resources, String name) {
        Quantity q = resources == null ? null : resources.get(name);
        return q == null ? 0 : value(q);
    }

    public static long milli(Quantity q) {
        try {
            return Quantity.getAmountInBytes(q).multiply(THOUSAND).setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException | IllegalArgumentException | NullPointerException e) {
            return 0;
        }
    }

    public static long value(Quantity q) {
        try {
            return Quantity.getAmountInBytes(q).setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException | IllegalArgumentException | NullPointerException e) {
            return 0;
        }
    }
}
