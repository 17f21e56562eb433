package io.jctl.cli.rollout;

import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cases of kubectl's rollout_status_test.go (TestDeploymentStatusViewerStatus). */
class DeploymentStatusViewerTest {

    @ParameterizedTest(name = "gen {0}/{1} spec {2} status {3}/{4}/{5}")
    @CsvSource(delimiter = '|', textBlock = """
            # generation | observed | spec.replicas | replicas | updated | available | message | done
            0 | 1 | 1 | 0 | 0 | 0 | Waiting for deployment "foo" rollout to finish: 0 out of 1 new replicas have been updated...\\n | false
            1 | 1 | 1 | 1 | 0 | 1 | Waiting for deployment "foo" rollout to finish: 0 out of 1 new replicas have been updated...\\n | false
            1 | 1 | 2 | 2 | 1 | 1 | Waiting for deployment "foo" rollout to finish: 1 out of 2 new replicas have been updated...\\n | false
            1 | 1 | 2 | 3 | 2 | 2 | Waiting for deployment "foo" rollout to finish: 1 old replicas are pending termination...\\n | false
            1 | 1 | 2 | 2 | 2 | 1 | Waiting for deployment "foo" rollout to finish: 1 of 2 updated replicas are available...\\n | false
            1 | 1 | 2 | 2 | 2 | 2 | deployment "foo" successfully rolled out\\n | true
            2 | 1 | 2 | 2 | 2 | 2 | Waiting for deployment spec update to be observed...\\n | false
            """)
    void statusLines(long generation, long observed, long specReplicas, long replicas, long updated, long available,
                     String message, boolean done) {
        String json = """
                {"metadata":{"name":"foo","generation":%d},"spec":{"replicas":%d},
                 "status":{"observedGeneration":%d,"replicas":%d,"updatedReplicas":%d,"availableReplicas":%d}}
                """.formatted(generation, specReplicas, observed, replicas, updated, available);
        DeploymentStatusViewer.Status s = DeploymentStatusViewer.status(CliJson.parseObject(json), 0);
        assertThat(s.message()).isEqualTo(message.replace("\\n", "\n"));
        assertThat(s.done()).isEqualTo(done);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"metadata":{"name":"foo","generation":1},"status":{"observedGeneration":1,"conditions":[{"type":"Progressing","reason":"ProgressDeadlineExceeded"}]}} | 0 | error: deployment "foo" exceeded its progress deadline
            {"metadata":{"name":"foo","annotations":{"deployment.kubernetes.io/revision":"3"}}} | 2 | error: desired revision (2) is different from the running revision (3)
            """)
    void failures(String json, long revision, String error) {
        assertThatThrownBy(() -> DeploymentStatusViewer.status(CliJson.parseObject(json), revision))
                .isInstanceOf(CliException.class).hasMessage(error);
    }
}
