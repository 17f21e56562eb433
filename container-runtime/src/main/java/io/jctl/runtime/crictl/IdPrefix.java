package io.jctl.runtime.crictl;

import java.util.List;

/**
 * An object named on the command line by its id or a unique prefix of it, as crictl allows: the
 * one full id among the runtime's that starts with the prefix, or an error naming the problem.
 *
 * @param name        in "container id prefix … matches"
 * @param plural      in "matches 2 containers"
 * @param longName    in "no container has the id"
 * @param listCommand the command that lists them, for the "none" hint
 */
record IdPrefix(String name, String plural, String longName, String listCommand) {
    static final IdPrefix CONTAINER = new IdPrefix("container", "containers", "container", "jctld crictl ps -a");
    static final IdPrefix POD = new IdPrefix("pod", "pods", "pod sandbox", "jctld crictl pods");

    String resolve(List<String> ids, String idOrPrefix) {
        List<String> matches = ids.stream().filter(id -> id.startsWith(idOrPrefix)).toList();
        if (matches.size() > 1) {
            throw new IllegalArgumentException(name + " id prefix " + idOrPrefix + " matches " + matches.size() + " " + plural);
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no " + longName + " has the id or id prefix \"" + idOrPrefix
                    + "\"; list them with `" + listCommand + "`");
        }
        return matches.get(0);
    }
}
