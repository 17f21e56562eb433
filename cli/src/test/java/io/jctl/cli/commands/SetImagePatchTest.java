package io.jctl.cli.commands;

import io.jctl.cli.CliJson;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SetImagePatchTest {
    private static final String POD_SPEC = """
            {"initContainers":[{"name":"init","image":"busybox"}],
             "containers":[{"name":"web","image":"nginx"},{"name":"side","image":"envoy"}]}
            """;

    @Test
    void patchNamesChangedContainersAndKeepsTheOrder() {
        List<String> errors = new ArrayList<>();
        String patch = CliJson.write(SetImageCommand.patch(CliJson.parseObject(POD_SPEC), "/spec/template/spec",
                Map.of("side", "envoy:1.30"), errors));
        // What kubectl's two-way strategic merge of the old and new Deployment sends.
        assertThat(patch).isEqualTo("{\"spec\":{\"template\":{\"spec\":{\"$setElementOrder/containers\":"
                + "[{\"name\":\"web\"},{\"name\":\"side\"}],\"containers\":[{\"image\":\"envoy:1.30\",\"name\":\"side\"}]}}}}");
        assertThat(errors).isEmpty();
    }

    @Test
    void starSetsEveryContainerAndUnknownNamesAreReported() {
        List<String> errors = new ArrayList<>();
        assertThat(SetImageCommand.patch(CliJson.parseObject(POD_SPEC), "/spec", Map.of("*", "x"), errors)
                .at("/spec/initContainers/0/image").asText()).isEqualTo("x");
        Map<String, String> images = new LinkedHashMap<>();
        images.put("web", "nginx");
        images.put("nope", "y");
        assertThat(SetImageCommand.patch(CliJson.parseObject(POD_SPEC), "/spec", images, errors)).isNull();
        assertThat(errors).containsExactly("error: unable to find container named \"nope\"");
    }
}
