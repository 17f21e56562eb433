package io.jctl.api.resources;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 500m}, {@code 1.5Gi}, {@code 1e3}). fabric8 accepts any
 * string as a {@link Quantity}, so they are parsed here as kube-apiserver decodes them: the server
 * rejects what does not parse, and the scheduler and node agent, which only see validated
 * objects, count an unreadable or absent quantity as zero.
 */
public final class Quantities {
    public static final String FORMAT_ERROR =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private static final Pattern SHAPE = Pattern.compile("([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)");
    private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
    private static final Pattern EXPONENT = Pattern.compile("[eE][-+]?[0-9]+");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")),
            Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)),
            Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)),
            Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)),
            Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    private Quantities() {
    }

    /** The text the client sent, as fabric8 keeps it split into amount and format. */
    public static String text(Quantity q) {
        if (q == null) {
            return "";
        }
        String amount = q.getAmount() == null ? "" : q.getAmount();
        return q.getFormat() == null ? amount : amount + q.getFormat();
    }

    /** The value of a quantity, or empty when Kubernetes would not parse it. */
    public static Optional<BigDecimal> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String number = m.group(1);
        String suffix = m.group(2);
        if (!NUMBER.matcher(number).matches()) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal(number.endsWith(".") ? number + "0" : number);
        BigDecimal factor = SUFFIXES.get(suffix);
        if (factor == null) {
            if (!EXPONENT.matcher(suffix).matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(value.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1).replace("+", ""))));
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        return Optional.of(value.multiply(factor));
    }

    public static Optional<BigDecimal> parse(Quantity q) {
        return parse(text(q));
    }

    /** The value, or zero when absent or unreadable. */
    public static BigDecimal valueOrZero(Quantity q) {
        return q == null ? BigDecimal.ZERO : parse(q).orElse(BigDecimal.ZERO);
    }

    /** In thousandths (millicores for cpu), rounded up as Kubernetes' {@code MilliValue()}; 0 when unreadable. */
    public static long milli(Quantity q) {
        return wholeOrZero(valueOrZero(q).movePointRight(3));
    }

    /** As a whole number (bytes, or a count), rounded up as Kubernetes' {@code Value()}; 0 when unreadable. */
    public static long whole(Quantity q) {
        return wholeOrZero(valueOrZero(q));
    }

    /** {@link #milli(Quantity)} of {@code resources[name]}; 0 when absent. */
    public static long milli(Map<String, Quantity> resources, String name) {
        return resources == null ? 0 : milli(resources.get(name));
    }

    /** {@link #whole(Quantity)} of {@code resources[name]}; 0 when absent. */
    public static long whole(Map<String, Quantity> resources, String name) {
        return resources == null ? 0 : whole(resources.get(name));
    }

    private static long wholeOrZero(BigDecimal v) {
        try {
            return v.setScale(0, RoundingMode.CEILING).longValueExact();
        } catch (ArithmeticException e) {
            return 0;
        }
    }
}
