package io.dealsign.admin;

import java.util.function.UnaryOperator;

/**
 * Builds an HTML document in which every value is escaped: {@link #text} escapes (after redacting any
 * configured secret), and only {@link #markup} writes as is, which the page calls with its own
 * constant markup alone. Deal titles, person names and error messages come from Pipedrive, DottedSign
 * or whoever sent a webhook, so none of them is ever written as markup.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(16 * 1024);
    private final UnaryOperator<String> redact;

    Html(UnaryOperator<String> redact) {
        this.redact = redact;
    }

    /** The page's own markup, never a value. */
    Html markup(String markup) {
        out.append(markup);
        return this;
    }

    /** A value, escaped for an element's content or a quoted attribute; null writes nothing. */
    Html text(Object value) {
        if (value != null) {
            out.append(escape(redact.apply(String.valueOf(value))));
        }
        return this;
    }

    /** {@code <tag class="css">value</tag>}, the value escaped. */
    Html element(String tag, String cssClass, Object value) {
        markup("<" + tag + (cssClass == null ? "" : " class=\"" + cssClass + "\"") + ">");
        text(value);
        return markup("</" + tag + ">");
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
