package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Behaviour beyond the goldens: what is asked of the source, fallbacks and failures. */
class DescribersTest {
    @Test
    void eventsAreSearchedByInvolvedObjectAndPodsWithoutKind() {
        FixtureCluster cluster = FixtureCluster.load("pod");
        FakeDescribeSource source = new FakeDescribeSource(cluster);
        Describers.describe(cluster.described, source, DescribeGoldenTest.NOW);
        assertThat(source.queries).contains("v1 Event ns=shop labels=null fields=involvedObject.name=web-7d4b9c-x2k4l,"
                + "involvedObject.namespace=shop,involvedObject.uid=0b7f6c4e-1111-4a4a-9c9c-000000000001");
    }

    @Test
    void deploymentEventsNameTheKindAndReplicaSetsAreListedBySelector() {
        FixtureCluster cluster = FixtureCluster.load("deployment");
        FakeDescribeSource source = new FakeDescribeSource(cluster);
        Describers.describe(cluster.described, source, DescribeGoldenTest.NOW);
        assertThat(source.queries).contains(
                "apps/v1 ReplicaSet ns=shop labels=app=web fields=null",
                "v1 Event ns=shop labels=null fields=involvedObject.name=web,involvedObject.namespace=shop,"
                        + "involvedObject.kind=Deployment,involvedObject.uid=d1d1d1d1-3333-4c4c-9e9e-000000000003");
    }

    @Test
    void nodePodsAreListedAcrossNamespacesWithoutTerminatedOnes() {
        FixtureCluster cluster = FixtureCluster.load("node");
        FakeDescribeSource source = new FakeDescribeSource(cluster);
        Describers.describe(cluster.described, source, DescribeGoldenTest.NOW);
        assertThat(source.queries).contains(
                "v1 Pod ns=null labels=null fields=spec.nodeName=node-1,status.phase!=Succeeded,status.phase!=Failed");
    }

    @Test
    void withoutATemplateMatchTheHighestRevisionIsTheNewReplicaSet() {
        FixtureCluster cluster = FixtureCluster.load("deployment");
        ((ObjectNode) cluster.described.at("/spec/template/spec/containers/0")).put("image", "nginx:1.26");
        String out = Describers.describe(cluster.described, new FakeDescribeSource(cluster), DescribeGoldenTest.NOW);
        assertThat(out).contains("OldReplicaSets:  web-5f6c8d (0/0 replicas created)\n")
                .contains("NewReplicaSet:   web-7d4b9c (3/3 replicas created)\n");
    }

    @Test
    void aFailingSourceShowsNoEventsInsteadOfFailing() {
        FixtureCluster cluster = FixtureCluster.load("replicaset");
        DescribeSource broken = (apiVersion, kind, namespace, labels, fields) -> {
            throw new IllegalStateException("connection refused");
        };
        String out = Describers.describe(cluster.described, broken, DescribeGoldenTest.NOW);
        assertThat(out).contains("Pods Status:    error in fetching pods\n").containsPattern("\nEvents: +<none>\n$");
    }

    @Test
    void configMapKeysAreSortedAndSecretValuesNeverShown() {
        FixtureCluster cluster = FixtureCluster.load("configmap");
        ((ObjectNode) cluster.described.get("data")).put("a.conf", "first");
        String out = Describers.describe(cluster.described, new FakeDescribeSource(cluster), DescribeGoldenTest.NOW);
        assertThat(out.indexOf("a.conf:\n----\nfirst\n")).isLessThan(out.indexOf("nginx.conf:"));

        FixtureCluster secret = FixtureCluster.load("secret");
        String described = Describers.describe(secret.described, new FakeDescribeSource(secret), DescribeGoldenTest.NOW);
        assertThat(described).doesNotContain("secret-key-bytes").contains("tls.key:  16 bytes");
    }

    @Test
    void aTerminatingPodSaysForHowLong() {
        FixtureCluster cluster = FixtureCluster.load("pod");
        ObjectNode meta = (ObjectNode) cluster.described.get("metadata");
        meta.put("deletionTimestamp", "2024-06-01T11:59:15Z").put("deletionGracePeriodSeconds", 30);
        String out = Describers.describe(cluster.described, new FakeDescribeSource(cluster), DescribeGoldenTest.NOW);
        assertThat(out).contains("Status:                    Terminating (lasts 45s)\n")
                .contains("Termination Grace Period:  30s\n");
    }

    @Test
    void unknownKindsUseTheGenericLayout() {
        assertThat(Describers.describerFor("example.com/v1", "Widget")).isInstanceOf(GenericDescriber.class);
        assertThat(Describers.describerFor("coordination.k8s.io/v1", "Lease")).isInstanceOf(LeaseDescriber.class);
        assertThat(Describers.describerFor("v1", "Event")).isInstanceOf(EventDescriber.class);
        assertThat(Describers.describerFor("apps/v1", "Deployment")).isInstanceOf(DeploymentDescriber.class);
        assertThat(List.of(Describers.describerFor("v1", "Deployment"))).first().isInstanceOf(GenericDescriber.class);
    }
}
