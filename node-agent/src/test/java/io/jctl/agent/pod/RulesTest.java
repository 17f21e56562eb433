package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RulesTest {
    @ParameterizedTest
    @CsvSource({
            "busybox, Always",
            "busybox:latest, Always",
            "busybox:1.36, IfNotPresent",
            "127.0.0.1:5000/web, Always",
            "127.0.0.1:5000/web:1, IfNotPresent",
            "localhost:5000/team/web:latest, Always",
            "busybox@sha256:abcd, IfNotPresent",
    })
    void imagePullPolicyDefaultsAsKubernetes(String image, String policy) {
        assertThat(ImagePullPolicy.defaultFor(image)).isEqualTo(policy);
        assertThat(ImagePullPolicy.of(new ContainerBuilder().withImage(image).build())).isEqualTo(policy);
        assertThat(ImagePullPolicy.of(new ContainerBuilder().withImage(image).withImagePullPolicy("Never").build()))
                .isEqualTo("Never");
    }

    @ParameterizedTest
    @CsvSource({
            "Always, 0, true", "Always, 1, true",
            "OnFailure, 0, false", "OnFailure, 2, true",
            "Never, 0, false", "Never, 1, false",
    })
    void restartPolicy(String policy, int exitCode, boolean restart) {
        assertThat(RestartRules.shouldRestart(policy, exitCode)).isEqualTo(restart);
    }

    @ParameterizedTest
    @CsvSource({
            "Always, 1, true", "OnFailure, 1, true", "Never, 1, false", "Always, 0, false",
    })
    void failedInitContainersRetryUnlessNever(String policy, int exitCode, boolean retry) {
        assertThat(RestartRules.shouldRetryInit(policy, exitCode)).isEqualTo(retry);
    }

    @ParameterizedTest
    @CsvSource({
            "10000, 10s", "20000, 20s", "300000, 5m0s", "80000, 1m20s", "1200, 1.2s", "350, 350ms", "3723000, 1h2m3s",
    })
    void goDurations(long millis, String text) {
        assertThat(GoDuration.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
