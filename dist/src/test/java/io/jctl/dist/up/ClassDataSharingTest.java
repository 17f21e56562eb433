package io.jctl.dist.up;

import io.jctl.dist.cds.BuildArchives;
import io.jctl.dist.cds.ClassPathStamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which archive each daemon of {@code up} maps: the build's while it matches the jars, else one of the data directory. */
class ClassDataSharingTest {
    @TempDir
    Path tmp;
    ClusterLayout layout;
    String classPath;
    BuildArchives build;

    @BeforeEach
    void jars() throws Exception {
        layout = new ClusterLayout(tmp.resolve("data"));
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        classPath = Files.writeString(lib.resolve("jctld.jar"), "a") + File.pathSeparator + Files.writeString(lib.resolve("dep.jar"), "b");
        build = new BuildArchives(lib.resolve("cds"), classPath);
        Files.createDirectories(build.dir());
        Files.writeString(build.archive("server"), "archive");
    }

    @Test
    void daemonsMapTheBuildsArchiveOfTheirRoleAndDumpTheOthersInTheDataDirectory() throws Exception {
        Files.writeString(build.dir().resolve("stamp"), ClassPathStamp.of(classPath));

        ClassDataSharing cds = new ClassDataSharing(layout, classPath, Optional.of(build));

        assertThat(cds.options("server", true)).contains("-XX:SharedArchiveFile=" + build.archive("server"));
        assertThat(cds.options("agent", true)).contains("-XX:ArchiveClassesAtExit=" + layout.dataDir().resolve("cds/agent.jsa"));
        assertThat(cds.options("agent", false)).isEmpty();
    }

    @Test
    void archivesOfAnEarlierBuildAreLeftAlone() throws Exception {
        Files.writeString(build.dir().resolve("stamp"), "another build");

        ClassDataSharing cds = new ClassDataSharing(layout, classPath, Optional.of(build));

        assertThat(cds.options("server", true)).contains("-XX:ArchiveClassesAtExit=" + layout.dataDir().resolve("cds/server.jsa"))
                .noneMatch(o -> o.contains(build.dir().toString()));
    }

    @Test
    void classesDirectoriesOnTheClassPathTurnSharingOff() throws Exception {
        String withClasses = classPath + File.pathSeparator + Files.createDirectories(tmp.resolve("classes"));

        ClassDataSharing cds = new ClassDataSharing(layout, withClasses, Optional.empty());

        assertThat(cds.options("server", true)).isEmpty();
    }
}
