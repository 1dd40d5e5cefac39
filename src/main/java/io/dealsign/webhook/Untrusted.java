package io.dealsign.webhook;

/**
 * Text from a request (a field value, a header) made fit to quote in a log line or an answer: at most
 * {@link #MAX_LENGTH} characters, and no control or line-breaking characters, so that a sender can
 * neither flood the log nor forge lines in it.
 */
public final class Untrusted {

    public static final int MAX_LENGTH = 80;

    private Untrusted() {
    }

    public static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LENGTH + 3));
        int count = 0;
        for (int i = 0; i < value.length(); i = value.offsetByCodePoints(i, 1)) {
            if (count == MAX_LENGTH) {
                return out.append("...").toString();
            }
            int c = value.codePointAt(i);
            boolean unsafe = Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0xFFFD
                    || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE;
            out.appendCodePoint(unsafe ? '?' : c);
            count++;
        }
        return out.toString();
    }
}
