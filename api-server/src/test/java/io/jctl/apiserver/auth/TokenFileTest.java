package io.jctl.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenFileTest {

    private static final Path FILE = Path.of("tokens.csv");

    @Test
    void readsKubeApiserverFormat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens.csv");
        Files.writeString(file, String.join("\n",
                "# static tokens",
                "",
                "t1,alice,uid-1,\"dev,ops\"",
                "   ",
                "t2,bob,uid-2",
                "t3, carol ,,\" viewers , \"",
                "t4,dave,uid-4,single",
                "t5,\"eve, \"\"the\"\" admin\",uid-5,\"\"",
                "  # indented comment"));

        Map<String, UserInfo> tokens = TokenFile.read(file);

        assertThat(tokens).containsExactly(
                Map.entry("t1", new UserInfo("alice", "uid-1", List.of("dev", "ops"))),
                Map.entry("t2", new UserInfo("bob", "uid-2", List.of())),
                Map.entry("t3", new UserInfo("carol", "", List.of("viewers"))),
                Map.entry("t4", new UserInfo("dave", "uid-4", List.of("single"))),
                Map.entry("t5", new UserInfo("eve, \"the\" admin", "uid-5", List.of())));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "t1,alice                   | 3 columns",
        "just-a-token               | found 1",
        ",alice,uid                 | empty token",
        "t9,,uid                    | empty user name",
        "t1,again,uid               | duplicate token",
        "t9,zed,uid,\"dev,ops       | unterminated quoted",
        "t9,zed,uid,\"dev\"x        | after closing quote",
        "t9,z\"ed,uid               | quote inside",
    })
    void badLineIsReportedWithItsNumber(String badLine, String problem) {
        List<String> lines = List.of("# header", "t1,alice,uid-1", "", badLine.strip(), "t2,bob,uid-2");

        assertThatThrownBy(() -> TokenFile.parse(FILE, lines))
                .isInstanceOf(TokenFileException.class)
                .hasMessageContaining("tokens.csv line 4")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((TokenFileException) e).lineNumber()).isEqualTo(4));
    }
}
