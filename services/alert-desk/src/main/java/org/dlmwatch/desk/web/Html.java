package org.dlmwatch.desk.web;

/**
 * HTML text, escaped: every value that reaches a page goes through {@link #esc}. A small builder so
 * that pages stay readable Java without a template engine.
 */
public final class Html {

    private final StringBuilder sb = new StringBuilder(8192);

    /** Escapes text for element content and double-quoted attribute values. */
    public static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Appends markup as is: only for literal markup written in this code base. */
    public Html raw(String markup) {
        sb.append(markup);
        return this;
    }

    /** Appends escaped text. */
    public Html text(Object value) {
        sb.append(esc(value));
        return this;
    }

    /** Appends a format whose literal parts are markup and whose arguments are escaped. */
    public Html f(String markupFormat, Object... args) {
        Object[] escaped = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            escaped[i] = esc(args[i]);
        }
        sb.append(String.format(java.util.Locale.ROOT, markupFormat, escaped));
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
