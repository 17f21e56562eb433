package io.jctl.runtime.crictl;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdPrefixTest {
    private static final List<String> IDS = List.of("abc123", "abd456", "ff0000");

    @Test
    void aUniquePrefixOrAFullIdGivesTheFullId() {
        assertThat(IdPrefix.CONTAINER.resolve(IDS, "abc")).isEqualTo("abc123");
        assertThat(IdPrefix.CONTAINER.resolve(IDS, "ff0000")).isEqualTo("ff0000");
    }

    @Test
    void anAmbiguousPrefixSaysHowManyMatch() {
        assertThatThrownBy(() -> IdPrefix.CONTAINER.resolve(IDS, "ab"))
                .hasMessage("container id prefix ab matches 2 containers");
        assertThatThrownBy(() -> IdPrefix.POD.resolve(IDS, "ab")).hasMessage("pod id prefix ab matches 2 pods");
    }

    @Test
    void anUnknownPrefixNamesTheListCommand() {
        assertThatThrownBy(() -> IdPrefix.CONTAINER.resolve(IDS, "nope"))
                .hasMessage("no container has the id or id prefix \"nope\"; list them with `jctld crictl ps -a`");
        assertThatThrownBy(() -> IdPrefix.POD.resolve(IDS, "nope"))
                .hasMessage("no pod sandbox has the id or id prefix \"nope\"; list them with `jctld crictl pods`");
    }
}
