package io.dealsign.dottedsign;

/**
 * A signing task to create for a deal: the contract (made from the configured template) goes to one
 * signer. The deal id travels with the task as its {@code pipedrive_deal_id} metadata.
 *
 * @param fileName the document's name in DottedSign; it must not start with '.' nor contain any of
 *                 {@code " * : < > ? / \ | ~ # % & { }} (DottedSign refuses it with 400417)
 */
public record NewTask(String fileName, String signerName, String signerEmail, long dealId) {

    public NewTask {
        requireText(fileName, "fileName");
        requireText(signerName, "signerName");
        requireText(signerEmail, "signerEmail");
        if (dealId <= 0) {
            throw new IllegalArgumentException("dealId must be a positive Pipedrive deal id, not " + dealId);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required to create a DottedSign task");
        }
    }
}
