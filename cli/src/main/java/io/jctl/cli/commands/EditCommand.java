package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.PatchType;
import io.jctl.api.errors.ApiException;
import io.jctl.api.errors.StatusCause;
import io.jctl.api.json.Json;
import io.jctl.api.patch.JsonMergePatch;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import io.jctl.cli.JctlCommand;
import io.jctl.cli.Session;
import io.jctl.cli.output.Output;
import io.jctl.cli.resources.ApiResource;
import io.jctl.cli.resources.ResourceArgs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code jctl edit TYPE NAME | TYPE/NAME [-o yaml|json]}, as kubectl edit: the object goes to a
 * temp file and the user's editor; the difference comes back as a JSON merge patch guarded by
 * the original resourceVersion. A rejected edit reopens the editor with the server's complaint
 * on top, until the user fixes it or gives up by saving it unchanged; after a conflict the file
 * shows the user's changes applied to the object's current version.
 */
@Command(name = "edit", description = "Edit an object on the server in your editor ($KUBE_EDITOR, $EDITOR or vi).")
public final class EditCommand extends JctlCommand {
    static final String HEADER = """
            # Please edit the object below. Lines beginning with a '#' will be ignored,
            # and an empty file will abort the edit. If an error occurs while saving this file will be
            # reopened with the relevant failures.
            #
            """;
    /** Rejections the user can fix by editing again; anything else ends the command. */
    private static final Set<Integer> RETRYABLE = Set.of(400, 409, 422);

    @Parameters(paramLabel = "TYPE NAME | TYPE/NAME")
    List<String> args = new ArrayList<>();

    @Option(names = {"-o", "--output"}, defaultValue = "yaml", paramLabel = "yaml|json")
    String output;

    @Override
    protected int execute(Session s) {
        if (!output.equals("yaml") && !output.equals("json")) {
            throw new CliException("error: the edit format must be yaml or json, not \"" + output + "\"");
        }
        List<ResourceArgs.Target> targets = ResourceArgs.parse(args, s.resources(), "edit");
        if (targets.size() != 1 || targets.get(0).names().size() != 1) {
            throw new CliException("error: give exactly one object to edit: TYPE NAME or TYPE/NAME");
        }
        ApiResource r = targets.get(0).resource();
        String name = targets.get(0).names().get(0);
        String path = r.ref().objectPath(r.namespaced() ? s.namespace() : null, name);
        ObjectNode original = s.http().get(path);
        String body = Output.parse(output).render(List.of(original), true);
        Path file = tempFile(s);
        try {
            return editLoop(s, r, name, path, original, body, file);
        } finally {
            deleteQuietly(file);
        }
    }

    private int editLoop(Session s, ApiResource r, String name, String path, ObjectNode original, String body,
                         Path file) {
        String errors = "";
        String rejected = null;
        while (true) {
            write(file, HEADER + errors + body);
            runEditor(s, file);
            String edited = read(file);
            String content = withoutComments(edited);
            if (content.isBlank()) {
                s.out().println("Edit cancelled, saved file was empty.");
                return 0;
            }
            if (rejected != null && content.equals(rejected)) {
                Path copy = keepCopy(file);
                throw new CliException("error: Edit cancelled, no valid changes were saved.\n"
                        + "A copy of your changes has been stored to \"" + copy + "\"");
            }
            JsonNode parsed;
            try {
                parsed = parse(content);
            } catch (IOException e) {
                errors = comment("The edited file had a syntax error: " + e.getMessage().split("\n")[0]);
                body = content;
                rejected = content;
                continue;
            }
            JsonNode changes = JsonMergePatch.diff(original, parsed);
            if (changes.isEmpty()) {
                s.out().println("Edit cancelled, no changes made.");
                return 0;
            }
            ObjectNode patch = ((ObjectNode) changes).deepCopy();
            patch.with("metadata").set("resourceVersion", original.path("metadata").path("resourceVersion"));
            try {
                s.http().call("PATCH", path, PatchType.MERGE.contentType(), CliJson.write(patch));
            } catch (ApiException e) {
                if (!RETRYABLE.contains(e.code())) {
                    throw e;
                }
                errors = comment(describe(e, r, name));
                if (e.code() == 409) {
                    // Someone else wrote the object: show the user's changes on the current version,
                    // so saving it as it is sends them, guarded by the new resourceVersion.
                    original = s.http().get(path);
                    body = Output.parse(output).render(List.of((ObjectNode) JsonMergePatch.apply(original, changes)), true);
                    rejected = null;
                } else {
                    body = content;
                    rejected = content;
                }
                continue;
            }
            s.out().println(r.kindPrefix() + "/" + name + " edited");
            return 0;
        }
    }

    private static JsonNode parse(String content) throws IOException {
        JsonNode n = content.stripLeading().startsWith("{") ? CliJson.mapper().readTree(content)
                : Json.yaml().readTree(content);
        if (n == null || !n.isObject()) {
            throw new IOException("the edited file must hold one object");
        }
        return n;
    }

    /** kubectl's wording: the resource, then one line per cause. */
    private static String describe(ApiException e, ApiResource r, String name) {
        if (e.code() != 422) {
            return e.getMessage();
        }
        StringBuilder sb = new StringBuilder(r.qualifiedName()).append(" \"").append(name).append("\" was not valid:");
        if (e.causes().isEmpty()) {
            sb.append("\n* ").append(e.getMessage());
        }
        for (StatusCause c : e.causes()) {
            sb.append("\n* ").append(c.describe());
        }
        return sb.toString();
    }

    private static String comment(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            sb.append("# ").append(line).append('\n');
        }
        return sb.append("#\n").toString();
    }

    static String withoutComments(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.stripLeading().startsWith("#")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString().strip() + "\n";
    }

    /** Runs the editor as kubectl does: through the shell, on the terminal jctl runs on. */
    private static void runEditor(Session s, Path file) {
        String editor = firstSet(s.env().get("KUBE_EDITOR"), s.env().get("EDITOR"), "vi");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", editor + " \"" + file + "\"").inheritIO();
        pb.environment().putAll(s.env());
        try {
            int code = pb.start().waitFor();
            if (code != 0) {
                throw new CliException("error: the editor \"" + editor + "\" exited with status " + code
                        + "; no changes were sent.");
            }
        } catch (IOException e) {
            throw new CliException("error: cannot start the editor \"" + editor + "\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("error: interrupted while waiting for the editor");
        }
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private Path tempFile(Session s) {
        String dir = s.env().get("TMPDIR");
        try {
            Path d = dir == null || dir.isBlank() ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(dir);
            return Files.createTempFile(d, "jctl-edit-", "." + output);
        } catch (IOException e) {
            throw new CliException("error: cannot create a temp file to edit: " + e.getMessage());
        }
    }

    /** The edit file is deleted on exit; the copy stays so the user's work is not lost. */
    private Path keepCopy(Path file) {
        try {
            Path copy = Files.createTempFile(file.getParent(), "jctl-edit-", "." + output);
            Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new CliException("error: Edit cancelled, no valid changes were saved, and the copy could not be "
                    + "stored: " + e.getMessage());
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("error: cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException("error: cannot read the edited file " + file + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
