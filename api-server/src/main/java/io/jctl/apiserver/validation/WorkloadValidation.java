package io.jctl.apiserver.validation;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

import java.util.List;
import java.util.Map;

/**
 * The apps/v1 checks Deployments and ReplicaSets share (kube's {@code apps/validation}): a
 * non-empty selector that matches the pod template's labels, a valid template that always
 * restarts, and the rolling-update parameters.
 */
public final class WorkloadValidation {
    private WorkloadValidation() {
    }

    /** {@code spec.selector} and {@code spec.template} of a Deployment or ReplicaSet. */
    public static void validateSelectorAndTemplate(LabelSelector selector, PodTemplateSpec template, String specPath,
                                                   FieldErrors errors) {
        if (selector == null) {
            errors.required(specPath + ".selector", "");
        } else {
            LabelSelectors.validate(selector, specPath + ".selector", errors);
            if (LabelSelectors.isEmpty(selector)) {
                // Kubernetes says "deployment" here for ReplicaSets too.
                errors.invalid(specPath + ".selector", GoValue.labelSelector(selector), "empty selector is invalid for deployment");
            }
        }
        String templatePath = specPath + ".template";
        if (template == null) {
            errors.required(templatePath, "");
            return;
        }
        Map<String, String> labels = template.getMetadata() == null ? null : template.getMetadata().getLabels();
        if (!LabelSelectors.isEmpty(selector) && !LabelSelectors.matches(selector, labels)) {
            errors.invalid(templatePath + ".metadata.labels", GoValue.stringMap(labels),
                    "`selector` does not match template `labels`");
        }
        ObjectMetaValidation.validateTemplate(template.getMetadata(), templatePath + ".metadata", errors);
        PodSpecValidation.validate(template.getSpec(), templatePath + ".spec", errors);
        if (template.getSpec() != null) {
            String restart = template.getSpec().getRestartPolicy();
            if (restart != null && !restart.isEmpty() && !restart.equals("Always")) {
                errors.notSupported(templatePath + ".spec.restartPolicy", restart, List.of("Always"));
            }
            if (template.getSpec().getActiveDeadlineSeconds() != null) {
                errors.forbidden(templatePath + ".spec.activeDeadlineSeconds",
                        "activeDeadlineSeconds in ReplicaSet is not Supported");
            }
        }
    }

    /** apps/v1 forbids changing the selector: it would orphan the pods already created. */
    public static void validateSelectorUpdate(LabelSelector selector, LabelSelector old, String path, FieldErrors errors) {
        if (old != null && !LabelSelectorsEqual.equal(selector, old)) {
            errors.invalid(path, GoValue.labelSelector(selector), "field is immutable");
        }
    }

    public static void validateStrategy(DeploymentStrategy strategy, String path, FieldErrors errors) {
        String type = strategy == null || strategy.getType() == null ? "" : strategy.getType();
        RollingUpdateDeployment ru = strategy == null ? null : strategy.getRollingUpdate();
        switch (type) {
            case "Recreate" -> {
                if (ru != null) {
                    errors.forbidden(path + ".rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
                }
            }
            case "RollingUpdate" -> {
                if (ru == null) {
                    errors.required(path + ".rollingUpdate", "this should be defaulted and never be nil");
                } else {
                    validateRollingUpdate(ru, path + ".rollingUpdate", errors);
                }
            }
            default -> errors.notSupported(path + ".type", type, List.of("Recreate", "RollingUpdate"));
        }
    }

    private static void validateRollingUpdate(RollingUpdateDeployment ru, String path, FieldErrors errors) {
        positiveIntOrPercent(ru.getMaxUnavailable(), path + ".maxUnavailable", errors);
        positiveIntOrPercent(ru.getMaxSurge(), path + ".maxSurge", errors);
        if (intOrPercentValue(ru.getMaxUnavailable()) == 0 && intOrPercentValue(ru.getMaxSurge()) == 0) {
            errors.invalid(path + ".maxUnavailable", display(ru.getMaxUnavailable()), "may not be 0 when `maxSurge` is 0");
        }
        if (ru.getMaxUnavailable() != null && ru.getMaxUnavailable().getStrVal() != null
                && ValueFormats.percent(ru.getMaxUnavailable().getStrVal()).isEmpty()
                && intOrPercentValue(ru.getMaxUnavailable()) > 100) {
            errors.invalid(path + ".maxUnavailable", display(ru.getMaxUnavailable()), "must not be greater than 100%");
        }
    }

    private static void positiveIntOrPercent(IntOrString v, String path, FieldErrors errors) {
        if (v == null) {
            return;
        }
        if (v.getStrVal() != null) {
            ValueFormats.percent(v.getStrVal()).forEach(m -> errors.invalid(path, v.getStrVal(), m));
        } else if (v.getIntVal() != null && v.getIntVal() < 0) {
            errors.invalid(path, v.getIntVal(), "must be greater than or equal to 0");
        }
    }

    /** The number of an int or {@code N%}; -1 when it is neither, so it never counts as zero. */
    static long intOrPercentValue(IntOrString v) {
        if (v == null) {
            return 0;
        }
        if (v.getStrVal() != null) {
            String s = v.getStrVal();
            if (!s.endsWith("%")) {
                return -1;
            }
            try {
                return Long.parseLong(s.substring(0, s.length() - 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return v.getIntVal() == null ? 0 : v.getIntVal();
    }

    private static Object display(IntOrString v) {
        if (v == null) {
            return 0;
        }
        return v.getStrVal() != null ? v.getStrVal() : (Object) (v.getIntVal() == null ? 0 : v.getIntVal());
    }

    /** Selector equality that treats missing and empty parts alike, as Go's semantic equality does. */
    private static final class LabelSelectorsEqual {
        static boolean equal(LabelSelector a, LabelSelector b) {
            if (a == null || b == null) {
                return a == b;
            }
            return orEmpty(a.getMatchLabels()).equals(orEmpty(b.getMatchLabels()))
                    && orEmpty(a.getMatchExpressions()).equals(orEmpty(b.getMatchExpressions()));
        }

        private static Map<String, String> orEmpty(Map<String, String> m) {
            return m == null ? Map.of() : m;
        }

        private static <T> List<T> orEmpty(List<T> l) {
            return l == null ? List.of() : l;
        }
    }
}
