package io.dealsign;

import io.dealsign.json.Json;

import javax.net.ssl.SSLContext;
import java.security.NoSuchAlgorithmException;

/**
 * Work every start does anyway, begun on a thread of its own the moment the JVM is up, so that it runs on
 * the second core while the main thread configures Camel: Jackson's object mapper (some 500 classes, first
 * needed when the admin routes are built) and the JDK's TLS set-up with its CA certificates (first needed
 * when the Pipedrive client is built). The main thread, reaching either first, waits for it to finish
 * (a class is initialised once, under a lock), so nothing runs in a different order. Spring Boot's
 * BackgroundPreinitializer does the same for its own libraries.
 */
final class WarmUp {

    private WarmUp() {
    }

    static void begin() {
        Thread thread = new Thread(WarmUp::run, "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        Json.MAPPER.getRegisteredModuleIds();
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            // The Pipedrive client reports a missing TLS provider itself, where it can say what it means.
        }
    }
}
