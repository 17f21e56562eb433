package io.jctl.apiserver.openapi;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModelShapeTest {
    @Test
    void prepareResolvesEveryNestedType() {
        ModelShape.prepare(Deployment.class);
        // Deployment -> spec.template.spec.containers[].readinessProbe.httpGet, and a list's items.
        assertThat(ModelShape.isResolved(HTTPGetAction.class)).isTrue();
        assertThat(ModelShape.isResolved(ContainerPort.class)).isTrue();
    }

    @Test
    void prepareEndsOnRecursiveModels() {
        // JSONSchemaProps holds JSONSchemaProps in its properties, items and allOf.
        ModelShape.prepare(CustomResourceDefinition.class);
        assertThat(ModelShape.isResolved(JSONSchemaProps.class)).isTrue();
    }
}
