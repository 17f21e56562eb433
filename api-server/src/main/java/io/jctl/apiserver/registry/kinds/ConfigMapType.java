package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.ValueFormats;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** core/v1 ConfigMap. */
public final class ConfigMapType extends ResourceType<ConfigMap> {
    /** The most data one ConfigMap or Secret may hold, as in Kubernetes. */
    public static final int MAX_SIZE = 1024 * 1024;

    public ConfigMapType() {
        super("", "v1", "ConfigMap", "configmaps", true, ConfigMap.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("cm");
    }

    @Override
    protected void validate(ConfigMap cm, ConfigMap old, FieldErrors errors) {
        Map<String, String> data = map(cm.getData());
        Map<String, String> binary = map(cm.getBinaryData());
        long total = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            String key = e.getKey();
            ValueFormats.configMapKey(key).forEach(m -> errors.invalid("data[" + key + "]", key, m));
            if (binary.containsKey(key)) {
                errors.invalid("data[" + key + "]", key, "duplicate of key present in binaryData");
            }
            total += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, String> e : binary.entrySet()) {
            String key = e.getKey();
            ValueFormats.configMapKey(key).forEach(m -> errors.invalid("binaryData[" + key + "]", key, m));
            if (data.containsKey(key)) {
                errors.invalid("binaryData[" + key + "]", key, "duplicate of key present in data");
            }
            try {
                total += e.getValue() == null ? 0 : Base64.getDecoder().decode(e.getValue()).length;
            } catch (IllegalArgumentException bad) {
                errors.invalid("binaryData[" + key + "]", "<binary data>", "illegal base64 data: " + bad.getMessage());
            }
        }
        if (total > MAX_SIZE) {
            // Kubernetes reports the size of the whole object with an empty field path.
            errors.tooLong("", "", MAX_SIZE);
        }
        if (old != null && Boolean.TRUE.equals(old.getImmutable())) {
            immutableData(cm.getImmutable(), data, binary, map(old.getData()), map(old.getBinaryData()), errors);
        }
    }

    /** The rule for an {@code immutable: true} ConfigMap or Secret: data and the flag stay as they are. */
    static void immutableData(Boolean immutable, Map<String, String> data, Map<String, String> binary,
                              Map<String, String> oldData, Map<String, String> oldBinary, FieldErrors errors) {
        if (!Boolean.TRUE.equals(immutable)) {
            errors.forbidden("immutable", "field is immutable when `immutable` is set");
        }
        if (!Objects.equals(data, oldData)) {
            errors.forbidden("data", "field is immutable when `immutable` is set");
        }
        if (!Objects.equals(binary, oldBinary)) {
            errors.forbidden("binaryData", "field is immutable when `immutable` is set");
        }
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(TableColumn.integer("Data", "Number of data in configmap"), TableColumn.AGE);
    }

    @Override
    public List<Object> cells(ConfigMap cm) {
        return List.of((long) map(cm.getData()).size() + map(cm.getBinaryData()).size(), TableColumn.age(cm));
    }

    static Map<String, String> map(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }
}
