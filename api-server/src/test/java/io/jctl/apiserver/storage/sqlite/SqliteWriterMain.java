package io.jctl.apiserver.storage.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jctl.apiserver.storage.KeyValue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of the kill -9 test: writes from several threads until killed and prints
 * "ACK key revision" for every write the store acknowledged.
 */
public final class SqliteWriterMain {
    private SqliteWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        SqliteStore store = SqliteStore.open(db);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, UTF_8);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                for (long i = 0; ; i++) {
                    String key = "/registry/acks/w" + id + "/" + i;
                    KeyValue kv = store.create(key, ("value-" + i).getBytes(UTF_8));
                    synchronized (out) {
                        out.println("ACK " + key + " " + kv.modRevision());
                        out.flush();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
    }
}
