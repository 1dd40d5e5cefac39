package io.dealsign.dottedsign;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A DottedSign sign task as the API describes it. Every field but the id may be null (or empty) when
 * DottedSign leaves it out; metadata values are kept as text whether DottedSign sent numbers or strings.
 *
 * @param status {@code draft}, {@code waiting}, {@code completed}, {@code declined}, {@code voided} or
 *               {@code expired}; kept as DottedSign says it, so a status added later passes through
 */
public record SignTask(long taskId, String fileName, String status, Map<String, String> metadata, Instant createdAt,
                       Instant updatedAt, List<Signer> signers) {

    public SignTask {
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        signers = signers == null ? List.of() : List.copyOf(signers);
    }

    /** The Pipedrive deal this task was created for: its {@code pipedrive_deal_id} metadata, when that is a number. */
    public Optional<Long> dealId() {
        String value = metadata.get(DottedSignWebhookParser.DEAL_ID_METADATA_KEY);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            // "42", " 42 " and "42.0" all name deal 42
            return Optional.of(new BigDecimal(value.trim()).longValueExact());
        } catch (ArithmeticException | NumberFormatException notAnId) {
            return Optional.empty();
        }
    }
}
