package io.jctl.cli.describe;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity printed the way apimachinery's {@code Quantity.String()} prints it: the
 * canonical form of its format (binary suffixes stay binary when exact, decimal values use the
 * largest SI suffix that keeps an integer mantissa), so {@code 1000m} prints {@code 1} and
 * {@code 1.5Gi} prints {@code 1536Mi}. Sums keep the format of the first non-zero addend.
 */
final class Quantity implements Comparable<Quantity> {
    enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI);

    private static final Pattern SYNTAX =
            Pattern.compile("^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$");
    private static final Map<String, Integer> DECIMAL_EXPONENTS = Map.of(
            "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigInteger KI = BigInteger.valueOf(1024);

    private final BigDecimal value;
    private final Format format;

    private Quantity(BigDecimal value, Format format) {
        this.value = value;
        this.format = format;
    }

    /** Parses a quantity; text that is not one reads as zero (the server validated it). */
    static Quantity parse(String text) {
        if (text == null) {
            return ZERO;
        }
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            return ZERO;
        }
        BigDecimal number = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2);
        BigDecimal v;
        Format f;
        if (suffix.endsWith("i")) {
            int power = java.util.Arrays.asList(BINARY_SUFFIXES).indexOf(suffix);
            v = number.multiply(new BigDecimal(KI.pow(power)));
            f = Format.BINARY_SI;
        } else if (suffix.length() > 1) {
            v = number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
            f = Format.DECIMAL_EXPONENT;
        } else {
            v = number.scaleByPowerOfTen(DECIMAL_EXPONENTS.get(suffix));
            f = Format.DECIMAL_SI;
        }
        // Quantities keep nano precision, rounding up what is finer.
        if (v.scale() > 9) {
            v = v.setScale(9, RoundingMode.UP);
        }
        return new Quantity(v, f);
    }

    Quantity add(Quantity other) {
        Format f = value.signum() == 0 ? other.format : format;
        return new Quantity(value.add(other.value), f);
    }

    boolean isZero() {
        return value.signum() == 0;
    }

    /** The value rounded up to an integer, as {@code Quantity.Value()}. */
    long value() {
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Thousandths rounded up, as {@code Quantity.MilliValue()}. */
    long milliValue() {
        return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    BigDecimal decimal() {
        return value;
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        if (value.signum() == 0) {
            return "0";
        }
        Format f = format;
        if (f == Format.BINARY_SI) {
            boolean small = value.abs().compareTo(BigDecimal.valueOf(1024)) < 0;
            boolean integral = value.stripTrailingZeros().scale() <= 0;
            if (small || !integral) {
                f = Format.DECIMAL_SI;
            } else {
                BigInteger amount = value.toBigIntegerExact();
                int power = 0;
                while (power < BINARY_SUFFIXES.length - 1 && amount.mod(KI).signum() == 0) {
                    amount = amount.divide(KI);
                    power++;
                }
                return amount + BINARY_SUFFIXES[power];
            }
        }
        BigDecimal stripped = value.stripTrailingZeros();
        BigInteger amount = stripped.unscaledValue();
        int exponent = -stripped.scale();
        while (Math.floorMod(exponent, 3) != 0) {
            amount = amount.multiply(BigInteger.TEN);
            exponent--;
        }
        if (f == Format.DECIMAL_SI) {
            for (Map.Entry<String, Integer> e : DECIMAL_EXPONENTS.entrySet()) {
                if (e.getValue() == exponent) {
                    return amount + e.getKey();
                }
            }
        }
        return exponent == 0 ? amount.toString() : amount + "e" + exponent;
    }
}
