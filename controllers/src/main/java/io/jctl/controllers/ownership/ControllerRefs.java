package io.jctl.controllers.ownership;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.jctl.api.controller.OwnerKeys;
import io.jctl.api.selector.LabelSelector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who controls what, as Kubernetes' {@code ControllerRefManager}: an owner claims the objects
 * its selector matches that have no controller (adoption), keeps those it controls that still
 * match, and lets go of those that stopped matching (release).
 */
public final class ControllerRefs {
    private ControllerRefs() {
    }

    /** The outcome of a claim: objects controlled and still matching, to adopt, and to release. */
    public record Claim<T>(List<T> owned, List<T> adopt, List<T> release) {
    }

    /**
     * Sorts {@code candidates} (objects in the owner's namespace) into owned, to adopt and to
     * release. An owner being deleted adopts and releases nothing; an object being deleted is
     * never adopted.
     */
    public static <T extends HasMetadata> Claim<T> claim(HasMetadata owner, LabelSelector selector, List<T> candidates) {
        String uid = owner.getMetadata().getUid();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        List<T> owned = new ArrayList<>();
        List<T> adopt = new ArrayList<>();
        List<T> release = new ArrayList<>();
        for (T o : candidates) {
            boolean matches = selector.matches(o.getMetadata().getLabels());
            Optional<OwnerReference> ref = OwnerKeys.controllerRef(o);
            if (ref.isPresent()) {
                if (!uid.equals(ref.get().getUid())) {
                    continue;
                }
                if (matches) {
                    owned.add(o);
                } else if (!ownerDeleting) {
                    release.add(o);
                }
            } else if (matches && !ownerDeleting && o.getMetadata().getDeletionTimestamp() == null) {
                adopt.add(o);
            }
        }
        return new Claim<>(owned, adopt, release);
    }

    /** The controller reference an owner puts on its dependents. */
    public static OwnerReference controllerRef(HasMetadata owner, String apiVersion, String kind) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind)
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** The object's ownerReferences with {@code ref} added (replacing one with the same uid). */
    public static List<OwnerReference> with(HasMetadata o, OwnerReference ref) {
        List<OwnerReference> out = without(o, ref.getUid());
        out.add(ref);
        return out;
    }

    /** The object's ownerReferences without the one for {@code ownerUid}. */
    public static List<OwnerReference> without(HasMetadata o, String ownerUid) {
        List<OwnerReference> out = new ArrayList<>();
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        if (refs != null) {
            for (OwnerReference r : refs) {
                if (!ownerUid.equals(r.getUid())) {
                    out.add(r);
                }
            }
        }
        return out;
    }
}
