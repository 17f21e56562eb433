package io.jctl.runtime.sys;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RunDirectoryIT {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsRootOnADiskFileSystem() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        assumeFalse(RunDirectory.onTmpfs(tmp), "the temp dir is a tmpfs already");
    }

    @Test
    void anEmptyDirectoryOnDiskGetsATmpfsThatSurvivesAPrepareAgain() throws Exception {
        Path run = tmp.resolve("run");
        try {
            assertThat(RunDirectory.prepare(run)).isTrue();
            assertThat(RunDirectory.onTmpfs(run)).isTrue();
            Files.writeString(run.resolve("state.json"), "{}");
            // A restarted runtime finds its state where it left it, not under a second mount.
            assertThat(RunDirectory.prepare(run)).isFalse();
            assertThat(run.resolve("state.json")).hasContent("{}");
        } finally {
            Syscalls.umount(run.toString(), Syscalls.MNT_DETACH);
        }
        assertThat(Mounts.isMountPoint(run)).isFalse();
    }

    @Test
    void aDirectoryWithStateOnDiskIsLeftAsItIs() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("state.json"), "{}");
        assertThat(RunDirectory.prepare(run)).isFalse();
        assertThat(Mounts.isMountPoint(run)).isFalse();
        assertThat(run.resolve("state.json")).hasContent("{}");
    }
}
