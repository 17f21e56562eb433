package io.jctl.runtime.container;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MountTemplateTest {
    @Test
    void findsNamespaceFileMountsDeepestFirst() {
        List<String> mountinfo = List.of(
                "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw",
                "40 22 0:4 net:[4026532300] /run/jctl/netns/abc rw shared:5 - nsfs nsfs rw",
                "41 22 0:4 ipc:[4026532301] /run/jctl/ipcns/abc rw - nsfs nsfs rw",
                "42 22 0:4 net:[4026532400] /run/my\\040dir/x/y/z rw - nsfs nsfs rw",
                "43 22 0:30 / /run/nsfs-not rw - tmpfs tmpfs rw");
        assertThat(MountTemplate.nsfsMounts(mountinfo))
                .containsExactly("/run/my dir/x/y/z", "/run/jctl/netns/abc", "/run/jctl/ipcns/abc");
    }
}
