package io.jctl.runtime.crictl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTest {
    @ParameterizedTest
    @CsvSource({"0, 0B", "999, 999B", "1000, 1kB", "4261000, 4.261MB", "4261999, 4.262MB", "1500000000, 1.5GB", "750123, 750.1kB"})
    void sizesAsGoUnits(long bytes, String expected) {
        assertThat(Human.size(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, Less than a second", "1, 1 second", "45, 45 seconds", "61, About a minute", "300, 5 minutes",
            "3700, About an hour", "36000, 10 hours", "259200, 3 days", "1814400, 3 weeks"})
    void durationsAsGoUnits(long seconds, String expected) {
        assertThat(Human.duration(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @Test
    void idsAreTruncatedToThirteen() {
        assertThat(Human.shortId("sha256:" + "a".repeat(64), false)).isEqualTo("a".repeat(13));
        assertThat(Human.shortId("sha256:" + "a".repeat(64), true)).isEqualTo("a".repeat(64));
    }

    @Test
    void tableColumnsAsGoTabwriterWithMinWidth20Padding3() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Table("IMAGE", "TAG", "IMAGE ID", "SIZE")
                .row("docker.io/library/busybox", "latest", "0123456789abc", "2.1MB")
                .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "IMAGE                       TAG                 IMAGE ID            SIZE\n"
                        + "docker.io/library/busybox   latest              0123456789abc       2.1MB\n");
    }

    @Test
    void repoAndTagSplitKeepsRegistryPorts() {
        assertThat(ImageCommands.repoAndTag("127.0.0.1:5000/x:1")).containsExactly("127.0.0.1:5000/x", "1");
        assertThat(ImageCommands.repoAndTag("127.0.0.1:5000/x")).containsExactly("127.0.0.1:5000/x", "<none>");
    }
}
