package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.Container;

/** Kubernetes' imagePullPolicy and its default: Always for {@code :latest} or no tag, else IfNotPresent. */
public final class ImagePullPolicy {
    public static final String ALWAYS = "Always";
    public static final String IF_NOT_PRESENT = "IfNotPresent";
    public static final String NEVER = "Never";

    private ImagePullPolicy() {
    }

    public static String of(Container c) {
        String p = c.getImagePullPolicy();
        return p == null || p.isEmpty() ? defaultFor(c.getImage()) : p;
    }

    public static String defaultFor(String image) {
        if (image == null || image.isEmpty()) {
            return IF_NOT_PRESENT;
        }
        if (image.contains("@")) {
            return IF_NOT_PRESENT;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.indexOf(':', slash + 1);
        if (colon < 0) {
            return ALWAYS;
        }
        return image.substring(colon + 1).equals("latest") ? ALWAYS : IF_NOT_PRESENT;
    }
}
