package io.jctl.runtime.image;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {
    private static final String D = "sha256:" + "ab".repeat(32);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "busybox                         | docker.io/library/busybox:latest",
            "busybox:1.36                    | docker.io/library/busybox:1.36",
            "library/busybox                 | docker.io/library/busybox:latest",
            "docker.io/busybox               | docker.io/library/busybox:latest",
            "index.docker.io/library/busybox | docker.io/library/busybox:latest",
            "user/app                        | docker.io/user/app:latest",
            "user/app:v2                     | docker.io/user/app:v2",
            "127.0.0.1:5000/x                | 127.0.0.1:5000/x:latest",
            "127.0.0.1:5000/team/x:1.0       | 127.0.0.1:5000/team/x:1.0",
            "localhost/web                   | localhost/web:latest",
            "quay.io/coreos/etcd:v3.5        | quay.io/coreos/etcd:v3.5",
            "jctl.local/busybox:latest       | jctl.local/busybox:latest",
            "my-registry:5000/a_b/c-d__e.f   | my-registry:5000/a_b/c-d__e.f:latest",
            "[::1]:5000/x                    | [::1]:5000/x:latest",
    })
    void normalises(String input, String expected) {
        assertThat(ImageReference.parse(input).toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "busybox@DIGEST                  | docker.io/library/busybox@DIGEST     | docker.io | library/busybox | ",
            "busybox:1@DIGEST                | docker.io/library/busybox:1@DIGEST   | docker.io | library/busybox | 1",
            "127.0.0.1:5000/x@DIGEST         | 127.0.0.1:5000/x@DIGEST              | 127.0.0.1:5000 | x          | ",
    })
    void keepsDigests(String input, String expected, String registry, String repository, String tag) {
        ImageReference ref = ImageReference.parse(input.replace("DIGEST", D));
        assertThat(ref.toString()).isEqualTo(expected.replace("DIGEST", D));
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest()).hasToString(D);
        assertThat(ref.manifestReference()).isEqualTo(D);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "docker.io/library/busybox:latest | busybox:latest",
            "docker.io/user/app:1             | user/app:1",
            "127.0.0.1:5000/x:y               | 127.0.0.1:5000/x:y",
    })
    void familiarForm(String input, String expected) {
        assertThat(ImageReference.parse(input).familiar()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                      | it is empty",
            "Busybox                 | must be lowercase",
            "user/App                | must be lowercase",
            "busybox:                | tag \"\"",
            "busybox:-x              | tag \"-x\"",
            "busybox@sha256:abc      | must look like sha256",
            "busybox@md5:abc         | algorithm \"md5\" is not supported",
            "bad_host:5000/x         | is not a valid registry",
            "a//b                    | repository path component \"\"",
            "' busybox'              | white space",
            "127.0.0.1:5000/         | repository name is missing",
    })
    void rejects(String input, String problem) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining(problem);
    }
}
