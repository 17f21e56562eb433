package io.jctl.dist.cds;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A class list becomes an archive that a JVM on the same jars maps its classes from, and only those jars. */
class ArchiveDumperTest {
    @TempDir
    Path tmp;

    @Test
    void dumpedArchiveServesTheListedApplicationClassToAJvmOnTheSameJar() throws Exception {
        Path jar = helloJar();
        BuildArchives archives = new BuildArchives(tmp.resolve("cds"), jar.toString());

        List<String> failed = new ArchiveDumper(archives).dumpAll(List.of(), 1);
        boolean dumped = new ArchiveDumper(archives).dump("hello", list("java/lang/Object", "demo/Hello"));

        assertThat(failed).isEmpty();
        assertThat(dumped).isTrue();
        assertThat(archives.current()).isTrue();
        assertThat(archives.usable("hello")).contains(archives.archive("hello"));
        assertThat(archives.usable("absent")).isEmpty();
        assertThat(run(archives.archive("hello"), jar)).contains("demo.Hello source: shared objects file").contains("hello");
    }

    /** A relocated archive is private dirty memory in every daemon (tens of MiB); mapped where dumped, it stays clean file pages. */
    @Test
    void daemonsMapTheArchiveAtTheAddressItWasDumpedFor() throws Exception {
        Path jar = helloJar();
        BuildArchives archives = new BuildArchives(tmp.resolve("cds"), jar.toString());
        new ArchiveDumper(archives).dump("hello", list("java/lang/Object", "demo/Hello"));

        for (String role : ArchiveDumper.ROLES) {
            List<String> options = new ArrayList<>(io.jctl.dist.JvmOptions.forRole(role));
            options.add("-Xlog:cds=info");
            assertThat(run(archives.archive("hello"), jar, options)).as(role)
                    .contains("demo.Hello source: shared objects file")
                    .doesNotContain("always map archive(s) at an alternative address")
                    .doesNotContain("relocating archive");
        }
    }

    @Test
    void archivesOfAnotherBuildOfTheJarsAreNotUsable() throws Exception {
        Path jar = helloJar();
        BuildArchives archives = new BuildArchives(tmp.resolve("cds"), jar.toString());
        new ArchiveDumper(archives).dumpAll(List.of(), 1);
        new ArchiveDumper(archives).dump("hello", list("demo/Hello"));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

        assertThat(archives.current()).isFalse();
        assertThat(archives.usable("hello")).isEmpty();
    }

    @Test
    void aRoleWithoutAClassListFailsAloneAndLeavesALog() throws Exception {
        BuildArchives archives = new BuildArchives(tmp.resolve("cds"), helloJar().toString());

        List<String> failed = new ArchiveDumper(archives).dumpAll(List.of("no-such-role"), 1);

        assertThat(failed).containsExactly("no-such-role");
        assertThat(archives.current()).isTrue();
        assertThat(archives.usable("no-such-role")).isEmpty();
        assertThat(tmp.resolve("cds/no-such-role.log")).content().contains("no class list");
    }

    private static ByteArrayInputStream list(String... classes) {
        return new ByteArrayInputStream((String.join("\n", classes) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Path helloJar() throws IOException {
        Path src = tmp.resolve("src/demo/Hello.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package demo; public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }");
        Path classes = tmp.resolve("classes");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString());
        assertThat(rc).isZero();
        Path jar = tmp.resolve("hello.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("demo/Hello.class"));
            out.write(Files.readAllBytes(classes.resolve("demo/Hello.class")));
            out.closeEntry();
        }
        return jar;
    }

    private static String run(Path archive, Path jar) throws Exception {
        return run(archive, jar, List.of());
    }

    private static String run(Path archive, Path jar, List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "-cp", jar.toString(),
                "demo.Hello"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream ignored = p.getOutputStream()) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            return out;
        }
    }
}
