package io.jctl.cli.describe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SmartLabelTest {
    @ParameterizedTest
    @CsvSource({"apiVersion, API Version", "uid, UID", "holderIdentity, Holder Identity", "apiURL, API URL",
            "node-selector, Node - Selector", "HTTPServer, HTTP Server", "x.y/z, x.y/z", "ipv4, ipv4",
            "leaseDurationSeconds, Lease Duration Seconds", "kind, Kind"})
    void titlesFieldNamesLikeKubectl(String field, String label) {
        assertThat(SmartLabel.of(field)).isEqualTo(label);
    }
}
