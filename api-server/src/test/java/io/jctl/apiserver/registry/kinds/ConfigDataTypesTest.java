package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.jctl.api.errors.StatusCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.jctl.apiserver.registry.kinds.KindTestSupport.assertCauses;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.assertJson;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.createCauses;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.created;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.updateCauses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** ConfigMaps and Secrets: keys, sizes, base64, immutability, stringData. */
class ConfigDataTypesTest {
    private static final ConfigMapType CONFIGMAPS = new ConfigMapType();
    private static final SecretType SECRETS = new SecretType();
    private static final String META = "metadata: {name: cfg, namespace: default}\n";

    static Stream<Arguments> secretDefaults() {
        return Stream.of(
                arguments("type Opaque", META + "data: {a: YQ==}", List.of("/type=\"Opaque\"", "/data={\"a\":\"YQ==\"}")),
                arguments("stringData merged and cleared", META + "type: Opaque\ndata: {a: YQ==, b: Yg==}\nstringData: {b: hello, c: ''}",
                        List.of("/data={\"a\":\"YQ==\",\"b\":\"aGVsbG8=\",\"c\":\"\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretDefaults")
    void secretDefaulting(String name, String yaml, List<String> expectations) {
        Secret s = created(SECRETS, yaml);
        assertJson(s, expectations);
        assertThat(s.getStringData()).isNullOrEmpty();
    }

    static Stream<Arguments> invalidConfigMaps() {
        return Stream.of(
                arguments("valid", META + "data: {app.properties: x, KEY_NAME: y, key-name: z}", List.of()),
                arguments("bad key", META + "data: {'a/b': x}", List.of("data[a/b] FieldValueInvalid")),
                arguments("dot-dot key", META + "data: {'..data': x}", List.of("data[..data] FieldValueInvalid")),
                arguments("key in data and binaryData", META + "data: {k: x}\nbinaryData: {k: eA==}",
                        List.of("data[k] FieldValueInvalid", "binaryData[k] FieldValueInvalid")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigMaps")
    void configMapValidation(String name, String yaml, List<String> expected) {
        assertCauses(createCauses(CONFIGMAPS, yaml), expected);
    }

    static Stream<Arguments> invalidSecrets() {
        return Stream.of(
                arguments("valid", META + "data: {password: cGFzcw==}", List.of()),
                arguments("bad key", META + "data: {'pass word': cGFzcw==}", List.of("data[pass word] FieldValueInvalid")),
                arguments("not base64", META + "data: {password: 'not base64!'}", List.of("data[password] FieldValueInvalid")),
                arguments("tls needs cert and key", META + "type: kubernetes.io/tls\ndata: {tls.crt: YQ==}",
                        List.of("data[tls.key] FieldValueRequired")),
                arguments("service account token needs annotation", META + "type: kubernetes.io/service-account-token",
                        List.of("metadata.annotations[kubernetes.io/service-account.name] FieldValueRequired")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSecrets")
    void secretValidation(String name, String yaml, List<String> expected) {
        assertCauses(createCauses(SECRETS, yaml), expected);
    }

    @Test
    void totalSizeIsLimitedToOneMebibyte() {
        ConfigMap big = created(CONFIGMAPS, META);
        big.setData(Map.of("a", "x".repeat(ConfigMapType.MAX_SIZE / 2 + 1), "b", "y".repeat(ConfigMapType.MAX_SIZE / 2)));
        List<StatusCause> causes = CONFIGMAPS.validateObject(big, null);
        assertThat(causes).extracting(StatusCause::describe).containsExactly("Too long: may not be more than 1048576 bytes");

        Secret secret = created(SECRETS, META);
        String chunk = java.util.Base64.getEncoder().encodeToString(new byte[ConfigMapType.MAX_SIZE / 2 + 3]);
        secret.setData(Map.of("a", chunk, "b", chunk));
        assertCauses(SECRETS.validateObject(secret, null), List.of("data FieldValueTooLong"));
    }

    @Test
    void immutableDataStaysAndSecretTypeCannotChange() {
        assertCauses(updateCauses(CONFIGMAPS, META + "immutable: true\ndata: {a: x}", META + "immutable: true\ndata: {a: y}"),
                List.of("data FieldValueForbidden"));
        assertCauses(updateCauses(CONFIGMAPS, META + "immutable: true\ndata: {a: x}", META + "data: {a: x}"),
                List.of("immutable FieldValueForbidden"));
        assertCauses(updateCauses(CONFIGMAPS, META + "data: {a: x}", META + "data: {a: y}"), List.of());
        assertCauses(updateCauses(SECRETS, META + "data: {a: YQ==}", META + "type: kubernetes.io/tls\ndata: {tls.crt: YQ==, tls.key: YQ==}"),
                List.of("type FieldValueInvalid"));
    }

    @Test
    void tableCells() {
        assertThat(CONFIGMAPS.cells(created(CONFIGMAPS, META + "data: {a: x, b: y}\nbinaryData: {c: eA==}")))
                .containsExactly(3L, "<unknown>");
        assertThat(SECRETS.cells(created(SECRETS, META + "stringData: {user: admin, pass: secret}")))
                .containsExactly("Opaque", 2L, "<unknown>");
        assertThat(SECRETS.columns()).extracting(c -> c.name()).containsExactly("Type", "Data", "Age");
    }
}
