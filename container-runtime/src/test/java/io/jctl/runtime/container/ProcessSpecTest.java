package io.jctl.runtime.container;

import io.jctl.runtime.api.v1.ContainerConfig;
import io.jctl.runtime.api.v1.ImageConfig;
import io.jctl.runtime.api.v1.KeyValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessSpecTest {
    private static List<String> words(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }

    @ParameterizedTest(name = "entrypoint [{0}] cmd [{1}] command [{2}] args [{3}] -> [{4}]")
    @CsvSource(delimiter = '|', value = {
            "ep     | cmd1 cmd2 |         |        | ep cmd1 cmd2",
            "ep     | cmd1      | c       |        | c",
            "ep     | cmd1      | c       | a1 a2  | c a1 a2",
            "ep     | cmd1      |         | a1     | ep a1",
            "       | sh        |         |        | sh",
            "       | sh        |         | echo x | echo x",
    })
    void commandReplacesEntrypointAndArgsReplaceCmd(String ep, String cmd, String command, String args, String expected) {
        ImageConfig image = ImageConfig.newBuilder().addAllEntrypoint(words(nz(ep))).addAllCmd(words(nz(cmd))).build();
        ContainerConfig c = ContainerConfig.newBuilder().addAllCommand(words(nz(command))).addAllArgs(words(nz(args))).build();
        assertThat(ProcessSpec.argv(image, c)).isEqualTo(words(expected));
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }

    @Test
    void envIsMergedOverTheImagesWithDefaultsForPathAndHostname() {
        ImageConfig image = ImageConfig.newBuilder().addEnv("A=image").addEnv("B=kept").build();
        List<String> env = ProcessSpec.env(image, List.of(KeyValue.newBuilder().setKey("A").setValue("pod").build()), "web-1");
        assertThat(env).containsExactly(ProcessSpec.DEFAULT_PATH, "HOSTNAME=web-1", "A=pod", "B=kept");
    }
}
