package io.dealsign.dottedsign;

/**
 * One recipient of a task (a DottedSign "stage"), in signing order.
 *
 * @param status {@code waiting}, {@code signed} or {@code declined} as DottedSign says it; null when absent
 */
public record Signer(String name, String email, String status) {
}
