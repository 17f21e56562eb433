package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.cli.CliException;

import java.util.ArrayList;
import java.util.List;

/**
 * kubectl's port translation for {@code port-forward svc/NAME}: a remote port names a service
 * port (by number or name), which becomes the target port on the chosen pod (a number, or a
 * container port's name); the local port defaults to the service port.
 */
final class ServicePorts {
    private ServicePorts() {
    }

    static List<String> translate(List<String> specs, JsonNode svc, JsonNode pod) {
        List<String> out = new ArrayList<>();
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String local = colon < 0 ? spec : spec.substring(0, colon);
            String remote = colon < 0 ? spec : spec.substring(colon + 1);
            int port;
            try {
                port = Integer.parseInt(remote);
            } catch (NumberFormatException e) {
                port = servicePortByName(svc, remote);
                if (local.equals(remote)) {
                    local = Integer.toString(port);
                }
            }
            String target = Integer.toString(containerPort(svc, pod, port));
            out.add(local.equals(target) ? target : local + ":" + target);
        }
        return out;
    }

    private static int servicePortByName(JsonNode svc, String name) {
        for (JsonNode p : svc.path("spec").path("ports")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("port").asInt();
            }
        }
        throw new CliException("error: Service '" + svc.path("metadata").path("name").asText()
                + "' does not have a named port '" + name + "'");
    }

    /** util.LookupContainerPortNumberByServicePort. */
    private static int containerPort(JsonNode svc, JsonNode pod, int port) {
        for (JsonNode p : svc.path("spec").path("ports")) {
            if (p.path("port").asInt() != port) {
                continue;
            }
            JsonNode target = p.path("targetPort");
            if (target.isMissingNode() || target.isNull() || (target.isInt() && target.asInt() == 0)) {
                return port;
            }
            if (target.isInt() || target.asText().matches("\\d+")) {
                return target.asInt();
            }
            return namedContainerPort(pod, target.asText());
        }
        throw new CliException("error: Service " + svc.path("metadata").path("name").asText()
                + " does not have a service port " + port);
    }

    static int namedContainerPort(JsonNode pod, String name) {
        for (JsonNode c : pod.path("spec").path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (name.equals(p.path("name").asText())) {
                    return p.path("containerPort").asInt();
                }
            }
        }
        throw new CliException("error: Pod '" + pod.path("metadata").path("name").asText()
                + "' does not have a named port '" + name + "'");
    }
}
