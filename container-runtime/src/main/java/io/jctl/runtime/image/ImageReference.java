package io.jctl.runtime.image;

import java.util.regex.Pattern;

/**
 * An image reference normalised as Docker does: {@code busybox} is
 * {@code docker.io/library/busybox:latest}, {@code user/app} is {@code docker.io/user/app:latest},
 * a first component with a dot, a colon or {@code localhost} names the registry, and
 * {@code @sha256:…} pins a digest (a reference with only a digest gets no {@code latest} tag).
 *
 * @param registry   {@code docker.io}, {@code 127.0.0.1:5000}, …
 * @param repository the path inside the registry, {@code library/busybox}
 * @param tag        the tag, or null when only a digest was given
 * @param digest     the pinned manifest digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "(?::[0-9]+)?|\\[[a-fA-F0-9:]+](?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    public ImageReference {
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("a reference needs a tag or a digest");
        }
    }

    /** Parses and normalises what a user wrote; throws {@link InvalidReferenceException} naming the problem. */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidReferenceException(String.valueOf(text), "it is empty");
        }
        if (!text.equals(text.strip())) {
            throw new InvalidReferenceException(text, "it has leading or trailing white space");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new InvalidReferenceException(text, e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > lastSlash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidReferenceException(text, "tag \"" + tag + "\" may contain only letters, digits, '_', '.' and '-' "
                        + "(at most 128, not starting with '.' or '-')");
            }
        }
        String registry;
        String repository;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.equals(first.toLowerCase()))) {
            registry = first;
            repository = rest.substring(slash + 1);
            if (!DOMAIN.matcher(registry).matches()) {
                throw new InvalidReferenceException(text, "\"" + registry + "\" is not a valid registry host[:port]");
            }
            if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
                registry = DOCKER_HUB;
            }
        } else {
            registry = DOCKER_HUB;
            repository = rest;
        }
        if (repository.isEmpty()) {
            throw new InvalidReferenceException(text, "the repository name is missing");
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        for (String component : repository.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                String problem = !component.equals(component.toLowerCase())
                        ? "repository name must be lowercase"
                        : "repository path component \"" + component + "\" may contain only a-z, 0-9 and single separators ('.', '_', '__', '-')";
                throw new InvalidReferenceException(text, problem);
            }
        }
        if (registry.length() + 1 + repository.length() > 255) {
            throw new InvalidReferenceException(text, "the repository name is longer than 255 characters");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(registry, repository, tag, digest);
    }

    /** {@code registry/repository}, without tag or digest. */
    public String name() {
        return registry + "/" + repository;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, null);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, null, newDigest);
    }

    /** What to ask the registry's manifest endpoint for: the digest when pinned, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The short form a user would write: {@code busybox:latest}, {@code user/app:1}, {@code host:5000/x:y}. */
    public String familiar() {
        String repo = registry.equals(DOCKER_HUB)
                ? (repository.startsWith("library/") ? repository.substring(8) : repository)
                : name();
        return repo + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    @Override
    public String toString() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
