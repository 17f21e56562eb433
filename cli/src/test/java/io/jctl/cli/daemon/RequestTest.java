package io.jctl.cli.daemon;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTest {
    private static byte[] payload(String... fields) {
        return (String.join("\0", fields) + "\0").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesWhatTheClientSends() throws IOException {
        Request r = Request.parse(payload("/home/u/src", "ynn", "3", "get", "pods", "-A", "2", "HOME=/home/u", "TERM=x=y"));
        assertThat(r.cwd()).isEqualTo(Path.of("/home/u/src"));
        assertThat(r.terminals().in()).isTrue();
        assertThat(r.terminals().out()).isFalse();
        assertThat(r.args()).containsExactly("get", "pods", "-A");
        assertThat(r.env()).containsEntry("HOME", "/home/u").containsEntry("TERM", "x=y").hasSize(2);
        assertThat(Request.parse(payload("/", "nnn", "0", "0")).args()).isEmpty();
    }

    @Test
    void rejectsMalformedRequests() {
        assertThatThrownBy(() -> Request.parse(payload("relative", "nnn", "0", "0"))).hasMessage("malformed request");
        assertThatThrownBy(() -> Request.parse(payload("/", "nnn", "5", "get", "0"))).hasMessage("malformed request");
        assertThatThrownBy(() -> Request.parse(payload("/", "nnn", "0", "1", "NOEQUALS"))).hasMessage("malformed request");
        assertThatThrownBy(() -> Request.parse("/\0nnn\00".getBytes(StandardCharsets.UTF_8))).hasMessage("malformed request");
    }
}
