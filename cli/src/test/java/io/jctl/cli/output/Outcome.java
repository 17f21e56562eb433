package io.jctl.cli.output;

import java.util.function.Supplier;

/**
 * What a print run produced: its output, or the one-line error it failed with. kubectl's error
 * lines are compared without the {@code error: } prefix and without the debugging dump kubectl
 * appends to JSONPath execution errors.
 */
record Outcome(boolean ok, String out, String error) {
    private static final String DUMP = ". Printing more information for debugging the template:";

    static Outcome ofKubectl(KubectlStub.Run run) {
        if (run.exit() == 0) {
            return new Outcome(true, run.out(), "");
        }
        String line = run.err().lines().findFirst().orElse("");
        if (line.startsWith("error: ")) {
            line = line.substring("error: ".length());
        }
        int dump = line.indexOf(DUMP);
        if (dump >= 0) {
            line = line.substring(0, dump);
        }
        return new Outcome(false, "", line.strip());
    }

    static Outcome ofJctl(Supplier<String> print) {
        try {
            return new Outcome(true, print.get(), "");
        } catch (IllegalArgumentException e) {
            return new Outcome(false, "", e.getMessage().lines().findFirst().orElse("").strip());
        }
    }
}
