package io.jctl.apiserver.auth;

import java.util.List;
import java.util.Objects;

/** An authenticated caller, as Kubernetes' {@code user.Info}: name, optional uid ("" when none), groups. */
public record UserInfo(String name, String uid, List<String> groups) {

    public UserInfo {
        Objects.requireNonNull(name, "name");
        uid = uid == null ? "" : uid;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
