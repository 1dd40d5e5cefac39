package io.dealsign.webhook;

import io.dealsign.inbox.InboxEntry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key of an event in Camel's idempotent repository, whose column holds 100 characters: the
 * source and the event key, hashed when that would be longer.
 */
final class ProcessedEventKey {

    private static final int MAX_LENGTH = 100;

    private ProcessedEventKey() {
    }

    static String of(InboxEntry entry) {
        String key = entry.source() + ":" + entry.eventKey();
        if (key.length() <= MAX_LENGTH) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return entry.source() + ":sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
