package io.jctl.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.runtime.api.v1.ImageConfig;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading and writing the JSON documents of an image: manifests, indexes and configs. */
public final class OciDocuments {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private OciDocuments() {
    }

    /** A content descriptor; {@code os}/{@code architecture}/{@code variant} only on index entries. */
    public record Descriptor(String mediaType, Digest digest, long size, String os, String architecture,
                             String variant, Map<String, String> annotations) {
        public Descriptor {
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        }

        public Descriptor(String mediaType, Digest digest, long size) {
            this(mediaType, digest, size, null, null, null, Map.of());
        }

        ObjectNode toJson() {
            ObjectNode n = Json.newObject();
            n.put("mediaType", mediaType);
            n.put("digest", digest.toString());
            n.put("size", size);
            if (os != null) {
                ObjectNode p = n.putObject("platform");
                p.put("architecture", architecture);
                p.put("os", os);
                if (variant != null) {
                    p.put("variant", variant);
                }
            }
            if (!annotations.isEmpty()) {
                ObjectNode a = n.putObject("annotations");
                annotations.forEach(a::put);
            }
            return n;
        }
    }

    public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers) {
        public Manifest {
            layers = List.copyOf(layers);
        }
    }

    /** A parsed image config: what a container needs plus the layers' uncompressed digests. */
    public record Config(ImageConfig config, List<Digest> diffIds, Instant created, String os, String architecture) {
        public Config {
            diffIds = List.copyOf(diffIds);
        }
    }

    public static boolean isIndex(byte[] document, String mediaType) throws IOException {
        if (mediaType != null && MediaTypes.INDEXES.contains(mediaType)) {
            return true;
        }
        if (mediaType != null && MediaTypes.MANIFESTS.contains(mediaType)) {
            return false;
        }
        JsonNode n = read(document, "manifest");
        String declared = n.path("mediaType").asText("");
        return MediaTypes.INDEXES.contains(declared) || n.has("manifests");
    }

    public static Manifest parseManifest(byte[] document) throws IOException {
        JsonNode n = read(document, "manifest");
        if (n.path("schemaVersion").asInt() == 1) {
            throw new IOException("Docker image manifest schema 1 is not supported (deprecated since 2017); re-push the image");
        }
        if (!n.has("config") || !n.path("layers").isArray()) {
            throw new IOException("not an image manifest: it has no config or no layers");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : n.path("layers")) {
            layers.add(descriptor(l));
        }
        String mediaType = n.path("mediaType").asText(MediaTypes.OCI_MANIFEST);
        return new Manifest(mediaType, descriptor(n.path("config")), layers);
    }

    public static List<Descriptor> parseIndex(byte[] document) throws IOException {
        JsonNode n = read(document, "index");
        List<Descriptor> result = new ArrayList<>();
        for (JsonNode m : n.path("manifests")) {
            result.add(descriptor(m));
        }
        return result;
    }

    /** The entry for linux/amd64 (a plain amd64 one without a platform counts too), or null. */
    public static Descriptor pickPlatform(List<Descriptor> entries) {
        for (Descriptor d : entries) {
            if ("linux".equals(d.os()) && "amd64".equals(d.architecture())) {
                return d;
            }
        }
        return null;
    }

    public static Config parseConfig(byte[] document) throws IOException {
        JsonNode n = read(document, "image config");
        JsonNode c = n.path("config");
        ImageConfig.Builder b = ImageConfig.newBuilder();
        strings(c.path("Entrypoint")).forEach(b::addEntrypoint);
        strings(c.path("Cmd")).forEach(b::addCmd);
        strings(c.path("Env")).forEach(b::addEnv);
        b.setWorkingDir(c.path("WorkingDir").asText(""));
        b.setUser(c.path("User").asText(""));
        b.setStopSignal(c.path("StopSignal").asText(""));
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("Labels").fields(); it.hasNext(); ) {
            var e = it.next();
            b.putLabels(e.getKey(), e.getValue().asText());
        }
        for (Iterator<String> it = c.path("ExposedPorts").fieldNames(); it.hasNext(); ) {
            b.addExposedPorts(it.next());
        }
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : n.path("rootfs").path("diff_ids")) {
            try {
                diffIds.add(Digest.parse(d.asText()));
            } catch (IllegalArgumentException e) {
                throw new IOException("image config has a bad layer diff id: " + e.getMessage());
            }
        }
        Instant created = null;
        if (n.hasNonNull("created")) {
            try {
                created = OffsetDateTime.parse(n.path("created").asText()).toInstant();
            } catch (DateTimeParseException e) {
                created = null;
            }
        }
        return new Config(b.build(), diffIds, created, n.path("os").asText("linux"), n.path("architecture").asText("amd64"));
    }

    /** An OCI image config made from a user-given {@link ImageConfig} (root filesystem imports). */
    public static byte[] writeConfig(ImageConfig config, List<Digest> diffIds, Instant created) {
        ObjectNode n = Json.newObject();
        n.put("created", created.toString());
        n.put("architecture", "amd64");
        n.put("os", "linux");
        ObjectNode c = n.putObject("config");
        if (!config.getUser().isEmpty()) {
            c.put("User", config.getUser());
        }
        if (config.getExposedPortsCount() > 0) {
            ObjectNode ports = c.putObject("ExposedPorts");
            config.getExposedPortsList().forEach(p -> ports.putObject(p));
        }
        if (config.getEnvCount() > 0) {
            config.getEnvList().forEach(c.putArray("Env")::add);
        }
        if (config.getEntrypointCount() > 0) {
            config.getEntrypointList().forEach(c.putArray("Entrypoint")::add);
        }
        if (config.getCmdCount() > 0) {
            config.getCmdList().forEach(c.putArray("Cmd")::add);
        }
        if (!config.getWorkingDir().isEmpty()) {
            c.put("WorkingDir", config.getWorkingDir());
        }
        if (config.getLabelsCount() > 0) {
            ObjectNode labels = c.putObject("Labels");
            new java.util.TreeMap<>(config.getLabelsMap()).forEach(labels::put);
        }
        if (!config.getStopSignal().isEmpty()) {
            c.put("StopSignal", config.getStopSignal());
        }
        ObjectNode rootfs = n.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        return Json.toBytes(n);
    }

    public static byte[] writeManifest(Descriptor config, List<Descriptor> layers) {
        ObjectNode n = Json.newObject();
        n.put("schemaVersion", 2);
        n.put("mediaType", MediaTypes.OCI_MANIFEST);
        n.set("config", config.toJson());
        ArrayNode ls = n.putArray("layers");
        layers.forEach(l -> ls.add(l.toJson()));
        return Json.toBytes(n);
    }

    public static byte[] writeIndex(List<Descriptor> manifests) {
        ObjectNode n = Json.newObject();
        n.put("schemaVersion", 2);
        n.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode ms = n.putArray("manifests");
        manifests.forEach(m -> ms.add(m.toJson()));
        return Json.toBytes(n);
    }

    static Descriptor descriptor(JsonNode n) throws IOException {
        Digest digest;
        try {
            digest = Digest.parse(n.path("digest").asText(null));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad descriptor: " + e.getMessage());
        }
        JsonNode p = n.path("platform");
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("annotations").fields(); it.hasNext(); ) {
            var e = it.next();
            annotations.put(e.getKey(), e.getValue().asText());
        }
        return new Descriptor(n.path("mediaType").asText(""), digest, n.path("size").asLong(-1),
                p.isObject() ? p.path("os").asText(null) : null,
                p.isObject() ? p.path("architecture").asText(null) : null,
                p.isObject() ? p.path("variant").asText(null) : null, annotations);
    }

    private static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(s -> result.add(s.asText()));
        } else if (array.isTextual()) {
            result.add(array.asText());
        }
        return result;
    }

    static JsonNode read(byte[] document, String what) throws IOException {
        try {
            JsonNode n = Json.mapper().readTree(document);
            if (n == null || !n.isObject()) {
                throw new IOException(what + " is not a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
