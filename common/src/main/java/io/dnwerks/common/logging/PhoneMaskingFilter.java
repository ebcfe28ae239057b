package io.dnwerks.common.logging;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A last line of defence behind {@link PhoneMask}: masks anything shaped like an E.164 number in
 * every log line, whoever wrote it (a library's exception message included). Enabled with
 * {@code quarkus.log.console.filter=phone-mask}.
 */
@LoggingFilter(name = "phone-mask")
public final class PhoneMaskingFilter implements Filter {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{7,14}");

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
                }
            }
        }
        return true;
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
