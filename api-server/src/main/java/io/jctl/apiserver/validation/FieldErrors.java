package io.jctl.apiserver.validation;

import io.jctl.api.errors.StatusCause;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects the causes of an Invalid (422) answer while a validator walks an object. */
public final class FieldErrors {
    private final List<StatusCause> causes = new ArrayList<>();

    public void add(StatusCause cause) {
        causes.add(cause);
    }

    public void required(String field, String detail) {
        causes.add(StatusCause.required(field, detail));
    }

    public void invalid(String field, Object value, String detail) {
        causes.add(StatusCause.invalid(field, value, detail));
    }

    public void notSupported(String field, Object value, Collection<String> supported) {
        causes.add(StatusCause.notSupported(field, value, supported));
    }

    public void duplicate(String field, Object value) {
        causes.add(StatusCause.duplicate(field, value));
    }

    public void forbidden(String field, String detail) {
        causes.add(StatusCause.forbidden(field, detail));
    }

    public void tooLong(String field, Object value, int max) {
        causes.add(StatusCause.tooLong(field, value, max));
    }

    /** Kubernetes' {@code field.NotFound}: a reference to something the object does not define. */
    public void notFound(String field, Object value) {
        causes.add(new StatusCause("FieldValueNotFound", "Not found: "
                + (value instanceof String s ? '"' + s + '"' : String.valueOf(value)), field));
    }

    /** Kubernetes' {@code ValidateImmutableField}: an Invalid cause when {@code value} differs from {@code old}. */
    public void immutable(String field, Object value, Object old) {
        if (!java.util.Objects.equals(value, old)) {
            causes.add(StatusCause.invalid(field, value, "field is immutable"));
        }
    }

    public boolean isEmpty() {
        return causes.isEmpty();
    }

    public List<StatusCause> causes() {
        return List.copyOf(causes);
    }
}
