package io.jctl.cli.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentRollbackTest {
    private static JsonNode rs(long revision, String image) {
        return CliJson.parseObject("""
                {"metadata":{"name":"rs%d","annotations":{"deployment.kubernetes.io/revision":"%d","team":"a"}},
                 "spec":{"template":{"metadata":{"labels":{"app":"web","pod-template-hash":"h%d"}},
                  "spec":{"containers":[{"name":"web","image":"%s","resources":{}}]}}}}
                """.formatted(revision, revision, revision, image));
    }

    private static final JsonNode DEPLOYMENT = CliJson.parseObject("""
            {"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"3","note":"mine"}},
             "spec":{"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"c"}]}}}}
            """);

    @Test
    void defaultIsTheSecondNewestRevisionWhateverTheOrder() {
        List<JsonNode> owned = List.of(rs(2, "b"), rs(3, "c"), rs(1, "a"));
        assertThat(DeploymentRollback.replicaSetFor(DEPLOYMENT, owned, 0).at("/metadata/name").asText()).isEqualTo("rs2");
        assertThat(DeploymentRollback.replicaSetFor(DEPLOYMENT, owned, 1).at("/metadata/name").asText()).isEqualTo("rs1");
        assertThatThrownBy(() -> DeploymentRollback.replicaSetFor(DEPLOYMENT, List.of(rs(3, "c")), 0))
                .isInstanceOf(CliException.class).hasMessage("error: no rollout history found for deployment \"web\"");
        assertThatThrownBy(() -> DeploymentRollback.replicaSetFor(DEPLOYMENT, owned, 9))
                .hasMessage("error: unable to find specified revision 9 in history");
    }

    @Test
    void patchReplacesTemplateWithoutHashAndMergesAnnotations() {
        DeploymentRollback.Plan plan = DeploymentRollback.plan(DEPLOYMENT, List.of(rs(2, "b"), rs(3, "c")), 0);
        assertThat(plan.skip()).isFalse();
        JsonNode patch = parse(plan.patch());
        assertThat(patch.at("/0/path").asText()).isEqualTo("/spec/template");
        assertThat(patch.at("/0/value/metadata/labels").toString()).isEqualTo("{\"app\":\"web\"}");
        assertThat(patch.at("/1/path").asText()).isEqualTo("/metadata/annotations");
        // The Deployment's own revision stays; its other annotations give way to the ReplicaSet's.
        assertThat(patch.at("/1/value").toString()).isEqualTo("{\"deployment.kubernetes.io/revision\":\"3\",\"team\":\"a\"}");
    }

    @Test
    void templatesEqualIgnoringHashEmptyValuesAndNulls() {
        JsonNode withHash = rs(3, "c").at("/spec/template");
        assertThat(DeploymentRollback.equalIgnoringHash(withHash, DEPLOYMENT.at("/spec/template"))).isTrue();
        assertThat(DeploymentRollback.equalIgnoringHash(rs(2, "b").at("/spec/template"), DEPLOYMENT.at("/spec/template")))
                .isFalse();
        assertThat(DeploymentRollback.plan(DEPLOYMENT, List.of(rs(2, "b"), rs(3, "c")), 3).skipped())
                .isEqualTo("skipped rollback (current template already matches revision 3)");
    }

    private static JsonNode parse(String json) {
        try {
            return CliJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
