package io.jctl.apiserver.storage;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The error handler of watches whose caller did not pass one: the end is at least logged. */
final class WatchErrors {
    private static final Logger LOGGER = LoggerFactory.getLogger(Store.class);

    static final Consumer<StoreException> LOG = e -> LOGGER.warn("store watch ended: {}", e.getMessage());

    private WatchErrors() {
    }
}
