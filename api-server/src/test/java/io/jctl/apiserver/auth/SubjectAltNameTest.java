package io.jctl.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectAltNameTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1,         IP,  127.0.0.1",
        "' 10.0.0.5 ',      IP,  10.0.0.5",
        "::1,               IP,  0:0:0:0:0:0:0:1",
        "[fd00::1],         IP,  fd00:0:0:0:0:0:0:1",
        "localhost,         DNS, localhost",
        "Api.Example.COM,   DNS, api.example.com",
        "*.apps.example.com, DNS, *.apps.example.com",
        "node-1,            DNS, node-1",
    })
    void ipLiteralsBecomeIpSansAndEverythingElseDnsSans(String raw, SubjectAltName.Type type, String value) {
        assertThat(SubjectAltName.parse(raw)).isEqualTo(new SubjectAltName(type, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "has space", "http://x", "bad_", "-leading"})
    void rejectsWhatIsNeitherIpNorDnsName(String raw) {
        assertThatThrownBy(() -> SubjectAltName.parse(raw)).isInstanceOf(IllegalArgumentException.class);
    }
}
