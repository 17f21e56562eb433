package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;

/** A pod template as {@code kubectl rollout history --revision=N} prints it (tabs left unaligned, as kubectl does). */
public final class PodTemplateText {
    private PodTemplateText() {
    }

    public static String of(JsonNode template) {
        PrefixWriter w = PrefixWriter.raw();
        PodTemplates.describe(template, w, new DescribeContext(null, Clock.systemDefaultZone()));
        return w.result();
    }
}
