package io.jctl.scheduler.framework;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jctl.scheduler.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PodInfoTest {
    /**
     * Containers a and b, init containers i1 and i2 (cpu in millicores); "s:" marks a sidecar
     * (restartPolicy Always init container). Expected: Kubernetes' effective request.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "apps only                 | 100,200 |            | 300",
            "init smaller than apps    | 100,200 | 250        | 300",
            "init larger than apps     | 100,200 | 500,100    | 500",
            "sidecar adds to apps      | 100     | s:50       | 150",
            "init after sidecar counts both | 100 | s:50,400  | 450",
            "init before sidecar       | 100     | 400,s:50   | 400",
            "nothing requested         |         |            | 0",
    })
    void effectiveCpuRequest(String name, String apps, String inits, long expectedMilli) {
        Pod pod = Fixtures.pod("p", null, null).editSpec().withContainers().endSpec().build();
        if (apps != null) {
            for (String a : apps.split(",")) {
                pod.getSpec().getContainers().add(container(a));
            }
        }
        if (inits != null) {
            for (String i : inits.split(",")) {
                boolean sidecar = i.startsWith("s:");
                ContainerBuilder c = new ContainerBuilder(container(sidecar ? i.substring(2) : i));
                if (sidecar) {
                    c.withRestartPolicy("Always");
                }
                pod.getSpec().getInitContainers().add(c.build());
            }
        }
        assertThat(PodInfo.of(pod).milliCpu()).isEqualTo(expectedMilli);
    }

    private static io.fabric8.kubernetes.api.model.Container container(String milli) {
        return new ContainerBuilder().withName("c" + milli).withNewResources()
                .addToRequests("cpu", new Quantity(milli + "m")).endResources().build();
    }

    @ParameterizedTest
    @CsvSource({
            "500m, 1Gi, 500, 1073741824, 500, 1073741824",
            ",     ,    0,   0,          100, 209715200",
            "2,    ,    2000, 0,         2000, 209715200",
    })
    void requestsAndNonZeroDefaults(String cpu, String mem, long milli, long bytes, long nzMilli, long nzBytes) {
        PodInfo p = PodInfo.of(Fixtures.pod("p", cpu, mem).build());
        assertThat(p.milliCpu()).isEqualTo(milli);
        assertThat(p.memory()).isEqualTo(bytes);
        assertThat(p.nonZeroMilliCpu()).isEqualTo(nzMilli);
        assertThat(p.nonZeroMemory()).isEqualTo(nzBytes);
    }

    @ParameterizedTest
    @CsvSource({"250m, 1G, 350, 1000000000"})
    void overheadIsAdded(String cpu, String mem, long milli, long bytes) {
        Pod pod = Fixtures.pod("p", "100m", null).editSpec().addToOverhead("cpu", new Quantity(cpu))
                .addToOverhead("memory", new Quantity(mem)).endSpec().build();
        assertThat(PodInfo.of(pod).milliCpu()).isEqualTo(milli);
        assertThat(PodInfo.of(pod).memory()).isEqualTo(bytes);
    }
}
