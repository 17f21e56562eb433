package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliJson;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jctl version}: the client's version and, unless {@code --client}, the server's. */
@Command(name = "version", description = "Print the client and server versions.")
public final class VersionCommand extends JctlCommand {
    static final String CLIENT_VERSION = "v0.1.0";

    @Option(names = "--client", description = "Only the client version (no server needed).")
    boolean clientOnly;

    @Option(names = {"-o", "--output"}, paramLabel = "json")
    String output;

    @Override
    protected int execute(Session s) {
        ObjectNode server = clientOnly ? null : s.http().get("/version");
        if ("json".equals(output)) {
            ObjectNode doc = CliJson.object();
            doc.putObject("clientVersion").put("gitVersion", CLIENT_VERSION).put("platform", "java");
            if (server != null) {
                doc.set("serverVersion", server);
            }
            s.out().println(doc.toPrettyString());
            return 0;
        }
        s.out().println("Client Version: " + CLIENT_VERSION);
        if (server != null) {
            s.out().println("Server Version: " + server.path("gitVersion").asText("unknown"));
        }
        return 0;
    }
}
