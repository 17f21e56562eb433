package io.jctl.apiserver.validation;

import io.jctl.api.resources.Quantities;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** The string formats of Kubernetes' util/validation, and quantities. */
class ValueFormatsTest {
    @ParameterizedTest(name = "qualified name {0}: {1}")
    @CsvSource({"app, true", "example.com/app, true", "Example.com/app, false", "/app, false", "a/b/c, false",
            "app_, false", "my.name, true", "MyName, true", "'', false"})
    void qualifiedNames(String value, boolean valid) {
        assertThat(ValueFormats.qualifiedName(value).isEmpty()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "config key {0}: {1}")
    @CsvSource({"app.properties, true", "KEY_NAME, true", "key-name, true", "., false", "..a, false", "a/b, false", "'a b', false"})
    void configKeys(String value, boolean valid) {
        assertThat(ValueFormats.configMapKey(value).isEmpty()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "port name {0}: {1}")
    @CsvSource({"http, true", "http-alt, true", "8080, false", "http--x, false", "-http, false", "averyveryverylongname, false", "HTTP, false"})
    void portNames(String value, boolean valid) {
        assertThat(ValueFormats.portName(value).isEmpty()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "env name {0}: {1}")
    @CsvSource({"PATH, true", "1FOO, true", "my.var-name, true", "'A=B', false", "'with space', true", "'', false", "'tab\t', false"})
    void envNames(String value, boolean valid) {
        assertThat(ValueFormats.envVarName(value).isEmpty()).isEqualTo(valid);
    }

    @ParameterizedTest(name = "ip {0}: {1}")
    @CsvSource({"10.0.0.1, true", "255.255.255.255, true", "10.0.0.256, false", "10.0.0, false", "::1, true",
            "2001:db8::ffff, true", "::ffff:10.0.0.1, true", "1:2, false", "localhost, false", "'', false"})
    void ips(String value, boolean valid) {
        assertThat(ValueFormats.isIp(value)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "quantity {0} = {1}")
    @CsvSource({"500m, 0.5", "1, 1", "1.5Gi, 1610612736", "128Mi, 134217728", "1e3, 1000", "2k, 2000", "100n, 0.0000001",
            "-1, -1", ".5, 0.5"})
    void quantities(String text, String value) {
        assertThat(Quantities.parse(text)).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal(value)));
    }

    @ParameterizedTest(name = "bad quantity {0}")
    @CsvSource({"lots", "1.2.3", "5Xi", "1e", "''", "m"})
    void badQuantities(String text) {
        assertThat(Quantities.parse(text)).isEmpty();
    }
}
