package io.dealsign.dottedsign;

import java.util.Set;

/**
 * Which file of a task to download.
 *
 * @param fileType {@code completed} (the signed PDF, once the task is completed), {@code audit_trail}
 *                 (after completed, declined or voided) or {@code original}
 */
public record SignedFileRequest(long taskId, String fileType) {

    public static final String COMPLETED = "completed";
    public static final String AUDIT_TRAIL = "audit_trail";
    public static final String ORIGINAL = "original";
    static final Set<String> FILE_TYPES = Set.of(COMPLETED, AUDIT_TRAIL, ORIGINAL);

    public SignedFileRequest {
        if (!FILE_TYPES.contains(fileType)) {
            throw new IllegalArgumentException("fileType must be completed, audit_trail or original, not " + fileType);
        }
    }
}
