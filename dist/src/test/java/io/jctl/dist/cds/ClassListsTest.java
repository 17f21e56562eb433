package io.jctl.dist.cds;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class lists that the build's archives are dumped from still name the classes that exist:
 * renamed or removed code makes a list stale, and its role's daemons then load those classes from
 * the jars again, slowly, without any other symptom. {@code dist/refresh-class-lists} refreshes them.
 */
class ClassListsTest {
    static List<String> roles() {
        return ArchiveDumper.ROLES;
    }

    @ParameterizedTest
    @MethodSource("roles")
    void listNamesClassesThatExist(String role) throws IOException {
        List<String> classes = classes(role);
        List<String> missing = classes.stream()
                .filter(c -> ClassLoader.getSystemClassLoader().getResource(c + ".class") == null)
                .toList();

        assertThat(classes).as(role).hasSizeGreaterThan(3000).anyMatch(c -> c.startsWith("io/jctl/"));
        assertThat(missing.size())
                .as("%d of %d classes in %s.classlist no longer exist, e.g. %s: run dist/refresh-class-lists as root",
                        missing.size(), classes.size(), role, missing.stream().limit(5).toList())
                .isLessThanOrEqualTo(classes.size() / 50);
    }

    private static List<String> classes(String role) throws IOException {
        try (InputStream in = ArchiveDumper.class.getResourceAsStream(role + ".classlist")) {
            assertThat(in).as("class list of %s in the jctld jar", role).isNotNull();
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("@") && !l.startsWith("#"))
                    .map(l -> l.split(" ", 2)[0])
                    .toList();
        }
    }
}
