package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Secret;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.ValueFormats;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** core/v1 Secret. */
public final class SecretType extends ResourceType<Secret> {
    public SecretType() {
        super("", "v1", "Secret", "secrets", true, Secret.class);
    }

    @Override
    public List<String> selectableFields() {
        return List.of("type");
    }

    /** Like the v1 conversion: {@code stringData} is write-only, folded into {@code data} base64-encoded. */
    @Override
    public void setDefaults(Secret s) {
        if (s.getType() == null || s.getType().isEmpty()) {
            s.setType("Opaque");
        }
        Map<String, String> stringData = s.getStringData();
        if (stringData != null && !stringData.isEmpty()) {
            Map<String, String> data = s.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(s.getData());
            stringData.forEach((k, v) -> data.put(k, Base64.getEncoder()
                    .encodeToString((v == null ? "" : v).getBytes(StandardCharsets.UTF_8))));
            s.setData(data);
        }
        s.setStringData(null);
    }

    @Override
    protected void validate(Secret s, Secret old, FieldErrors errors) {
        Map<String, String> data = ConfigMapType.map(s.getData());
        long total = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            String key = e.getKey();
            ValueFormats.configMapKey(key).forEach(m -> errors.invalid("data[" + key + "]", key, m));
            String value = e.getValue() == null ? "" : e.getValue();
            int bad = firstIllegalBase64(value);
            if (bad >= 0) {
                errors.invalid("data[" + key + "]", "<secret contents redacted>", "illegal base64 data at input byte " + bad);
            } else {
                total += Base64.getDecoder().decode(value).length;
            }
        }
        if (total > ConfigMapType.MAX_SIZE) {
            errors.tooLong("data", "", ConfigMapType.MAX_SIZE);
        }
        String type = s.getType() == null ? "" : s.getType();
        switch (type) {
            case "kubernetes.io/service-account-token" -> {
                Map<String, String> ann = s.getMetadata() == null ? null : s.getMetadata().getAnnotations();
                if (ann == null || ann.getOrDefault("kubernetes.io/service-account.name", "").isEmpty()) {
                    errors.required("metadata.annotations[kubernetes.io/service-account.name]", "");
                }
            }
            case "kubernetes.io/dockercfg" -> requireKey(data, ".dockercfg", errors);
            case "kubernetes.io/dockerconfigjson" -> requireKey(data, ".dockerconfigjson", errors);
            case "kubernetes.io/basic-auth" -> {
                if (!data.containsKey("username") && !data.containsKey("password")) {
                    errors.required("data[username]", "");
                    errors.required("data[password]", "");
                }
            }
            case "kubernetes.io/ssh-auth" -> requireKey(data, "ssh-privatekey", errors);
            case "kubernetes.io/tls" -> {
                requireKey(data, "tls.crt", errors);
                requireKey(data, "tls.key", errors);
            }
            default -> {
            }
        }
        if (old != null) {
            errors.immutable("type", type, old.getType() == null ? "" : old.getType());
            if (Boolean.TRUE.equals(old.getImmutable())) {
                ConfigMapType.immutableData(s.getImmutable(), data, Map.of(), ConfigMapType.map(old.getData()), Map.of(), errors);
            }
        }
    }

    private static void requireKey(Map<String, String> data, String key, FieldErrors errors) {
        if (!data.containsKey(key)) {
            errors.required("data[" + key + "]", "");
        }
    }

    /** Where Go's strict base64 decoder would fail, or -1 when the text is valid padded base64. */
    static int firstIllegalBase64(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                continue;
            }
            if (c == '=' && i >= s.length() - 2 && s.substring(i).chars().allMatch(ch -> ch == '=')) {
                break;
            }
            return i;
        }
        return s.length() % 4 == 0 ? -1 : s.length() - s.length() % 4;
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(TableColumn.string("Type", "The type of the secret"),
                TableColumn.integer("Data", "Number of data in secret"), TableColumn.AGE);
    }

    @Override
    public List<Object> cells(Secret s) {
        return List.of(s.getType() == null ? "" : s.getType(), (long) ConfigMapType.map(s.getData()).size(), TableColumn.age(s));
    }
}
