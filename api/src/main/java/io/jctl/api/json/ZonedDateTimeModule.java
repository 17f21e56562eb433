package io.jctl.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes {@link ZonedDateTime} as a Kubernetes {@code MicroTime}
 * ({@code 2006-01-02T15:04:05.000000Z}). fabric8 models the Lease's acquireTime and renewTime
 * as ZonedDateTime; without this Jackson refuses them, and jackson-datatype-jsr310 is not
 * worth a dependency for two fields.
 */
final class ZonedDateTimeModule extends SimpleModule {
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX");

    ZonedDateTimeModule() {
        super("jctl-zoned-date-time");
        addSerializer(ZonedDateTime.class, new StdScalarSerializer<>(ZonedDateTime.class) {
            @Override
            public void serialize(ZonedDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(MICRO.format(value.withZoneSameInstant(ZoneOffset.UTC)));
            }
        });
        addDeserializer(ZonedDateTime.class, new StdScalarDeserializer<>(ZonedDateTime.class) {
            @Override
            public ZonedDateTime deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                String s = p.getValueAsString();
                if (s == null || s.isEmpty()) {
                    return null;
                }
                try {
                    return ZonedDateTime.parse(s, DateTimeFormatter.ISO_DATE_TIME);
                } catch (DateTimeParseException e) {
                    return (ZonedDateTime) ctx.handleWeirdStringValue(ZonedDateTime.class, s,
                            "not an RFC 3339 time: %s", e.getMessage());
                }
            }
        });
    }
}
