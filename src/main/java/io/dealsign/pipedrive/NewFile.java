package io.dealsign.pipedrive;

/**
 * A PDF to attach to a deal through {@code direct:pipedrive-attach-file}. {@code fileName} is the name
 * Pipedrive shows, e.g. {@code Contract-42-signed.pdf}.
 */
public record NewFile(long dealId, String fileName, byte[] pdf) {

    /** Never prints the bytes, whoever logs this record. */
    @Override
    public String toString() {
        return "NewFile[dealId=" + dealId + ", fileName=" + fileName + ", bytes=" + (pdf == null ? 0 : pdf.length) + "]";
    }
}
