package io.jctl.apiserver.protobuf;

/** The bytes do not follow the protobuf wire format or the field table; becomes a 400. */
final class MalformedProtobufException extends RuntimeException {
    private final String field;

    MalformedProtobufException(String message) {
        this(message, null);
    }

    private MalformedProtobufException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** The innermost field the problem was found in; outer fields keep it. */
    MalformedProtobufException locatedAt(String path) {
        return field != null ? this : new MalformedProtobufException(getMessage(), path);
    }

    String field() {
        return field;
    }
}
