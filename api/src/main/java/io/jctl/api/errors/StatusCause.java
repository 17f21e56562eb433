package io.jctl.api.errors;

/**
 * One reason a request failed, as in {@code metav1.StatusCause}: {@code reason} is a
 * CauseType such as {@code FieldValueRequired} or {@code FieldValueInvalid}, {@code field} a
 * JSON path such as {@code spec.template.spec.containers[0].image}.
 */
public record StatusCause(String reason, String message, String field) {
    public static StatusCause required(String field, String detail) {
        return new StatusCause("FieldValueRequired", "Required value" + suffix(detail), field);
    }

    public static StatusCause invalid(String field, Object value, String detail) {
        return new StatusCause("FieldValueInvalid", "Invalid value: " + quote(value) + suffix(detail), field);
    }

    public static StatusCause notSupported(String field, Object value, java.util.Collection<String> supported) {
        StringBuilder s = new StringBuilder("Unsupported value: ").append(quote(value)).append(": supported values: ");
        int i = 0;
        for (String v : supported) {
            if (i++ > 0) {
                s.append(", ");
            }
            s.append('"').append(v).append('"');
        }
        return new StatusCause("FieldValueNotSupported", s.toString(), field);
    }

    public static StatusCause duplicate(String field, Object value) {
        return new StatusCause("FieldValueDuplicate", "Duplicate value: " + quote(value), field);
    }

    public static StatusCause forbidden(String field, String detail) {
        return new StatusCause("FieldValueForbidden", "Forbidden: " + detail, field);
    }

    public static StatusCause tooLong(String field, Object value, int max) {
        return new StatusCause("FieldValueTooLong", "Too long: may not be more than " + max + " bytes", field);
    }

    /** The cause as Kubernetes prints it inside an Invalid message: {@code field: message}. */
    public String describe() {
        return field == null || field.isEmpty() ? message : field + ": " + message;
    }

    private static String suffix(String detail) {
        return detail == null || detail.isEmpty() ? "" : ": " + detail;
    }

    private static String quote(Object value) {
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        return String.valueOf(value);
    }
}
