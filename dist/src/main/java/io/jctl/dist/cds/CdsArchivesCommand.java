package io.jctl.dist.cds;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code jctld cds-archives}: what {@code bin/jctld} runs after it built jctl. */
@Command(name = "cds-archives", mixinStandardHelpOptions = true,
        description = "Dump the class-data-sharing archives that the daemons map at start (cds/ beside jctld.jar). "
                + "bin/jctld runs this after each build; without them a daemon starts ~1 s slower on a 2-core machine.")
public final class CdsArchivesCommand implements Callable<Integer> {
    @Option(names = "--parallel", description = "dumps at a time (default: the machine's cores)")
    int parallel = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        BuildArchives archives = BuildArchives.ofThisJvm().orElseThrow(() -> new IllegalArgumentException(
                "class-data archives need jctl's jars on the class path (run it through bin/jctld), not classes directories"));
        List<String> failed = new ArchiveDumper(archives).dumpAll(ArchiveDumper.ROLES, parallel);
        if (!failed.isEmpty()) {
            System.err.println("jctld: no class-data archive for " + String.join(", ", failed) + " (see "
                    + archives.dir() + "/<role>.log); those daemons start without one");
            return 1;
        }
        return 0;
    }
}
