package io.dnwerks.common.logging;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A last line of defence behind {@link PhoneMask}: masks anything shaped like an E.164 number in
 * every log line, whoever wrote it: the message, its parameters (whatever their type prints), and the
 * exception logged with it, its causes included (a database's "Key (phone)=(+49...)" detail, a JSON
 * parser's excerpt of the body). Enabled on every handler with {@code quarkus.log.*.filter=phone-mask}.
 */
@LoggingFilter(name = "phone-mask")
public final class PhoneMaskingFilter implements Filter {

    // +4915123456789, and as people and URLs write it: "+49 151 2345 6789", "+49-151-...", "%2B4915..."
    private static final Pattern E164 = Pattern.compile("(?:\\+|%2[Bb])[1-9](?:[ .\\-]?\\d){7,14}");

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getMessage() != null) {
            String masked = mask(record.getMessage());
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(masked, ext.getFormatStyle()); // plain setMessage would reset printf-style formatting
            } else {
                record.setMessage(masked);
            }
        }
        Object[] params = record.getParameters();
        if (params != null) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof CharSequence s) {
                    params[i] = mask(s.toString());
                } else if (params[i] != null && !(params[i] instanceof Number)) {
                    String printed = String.valueOf(params[i]);
                    String masked = mask(printed);
                    if (!masked.equals(printed)) {
                        params[i] = masked;
                    }
                }
            }
        }
        if (record.getThrown() != null) {
            record.setThrown(masked(record.getThrown()));
        }
        return true;
    }

    /** The exception as it prints, with its messages (and its causes') masked; itself when there is nothing to mask. */
    static Throwable masked(Throwable t) {
        if (!holdsPhone(t, 0)) {
            return t;
        }
        return copy(t, 0);
    }

    private static boolean holdsPhone(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        String message = t.getMessage();
        return message != null && E164.matcher(message).find() || holdsPhone(t.getCause(), depth + 1);
    }

    private static Throwable copy(Throwable t, int depth) {
        Throwable cause = t.getCause() == null || t.getCause() == t || depth > 20 ? null : copy(t.getCause(), depth + 1);
        MaskedThrowable m = new MaskedThrowable(t.getClass().getName(), t.getMessage() == null ? null : mask(t.getMessage()), cause);
        m.setStackTrace(t.getStackTrace());
        return m;
    }

    /** Prints as the original would ("com.x.SomeException: message"), with the message masked. */
    static final class MaskedThrowable extends Throwable {

        private final String type;

        MaskedThrowable(String type, String message, Throwable cause) {
            super(message, cause, false, true);
            this.type = type;
        }

        @Override
        public String toString() {
            return getMessage() == null ? type : type + ": " + getMessage();
        }
    }

    static String mask(String text) {
        Matcher m = E164.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(PhoneMask.mask(m.group())));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
