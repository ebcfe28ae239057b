package io.dnwerks.common.logging;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneMaskingFilterTest {

    private final PhoneMaskingFilter filter = new PhoneMaskingFilter();

    @Test
    void masksTheMessageItsParametersAndTheExceptionWithItsCauses() {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "sending to %s failed for %s", ExtLogRecord.FormatStyle.PRINTF,
                PhoneMaskingFilterTest.class.getName());
        record.setParameters(new Object[] {"+4915123456789", List.of("+4915100000001"), 42});
        IllegalStateException original = new IllegalStateException("outer", new RuntimeException("Key (phone)=(+4915123456789) already exists"));
        record.setThrown(original);
        assertTrue(filter.isLoggable(record));

        assertEquals("+49*******6789", record.getParameters()[0]);
        assertEquals("[+49*******0001]", record.getParameters()[1]);
        assertEquals(42, record.getParameters()[2]);
        Throwable thrown = record.getThrown();
        assertEquals("java.lang.IllegalStateException: outer", thrown.toString());
        assertEquals("java.lang.RuntimeException: Key (phone)=(+49*******6789) already exists", thrown.getCause().toString());
        assertEquals(List.of(original.getStackTrace()), List.of(thrown.getStackTrace()), "the stack trace is kept");
        assertFalse(thrown.getCause().getMessage().contains("+4915123456789"));
    }

    @Test
    void anExceptionWithoutAPhoneIsLoggedAsItIs() {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "nothing to hide", PhoneMaskingFilterTest.class.getName());
        IllegalStateException e = new IllegalStateException("connection refused");
        record.setThrown(e);
        filter.isLoggable(record);
        assertSame(e, record.getThrown());
        assertEquals("nothing to hide", record.getMessage());
    }

    @Test
    void numbersWrittenWithSpacesDashesOrUrlEncodedAreMaskedToo() {
        assertEquals("call +49**********6789 now", PhoneMaskingFilter.mask("call +49 151 2345 6789 now"));
        assertEquals("to=%2B*********6789&x=1", PhoneMaskingFilter.mask("to=%2B4915123456789&x=1"));
        assertEquals("+49*********6789", PhoneMaskingFilter.mask("+49-151-23456789"));
        assertEquals("order 20261201 at 12:00:01+01:00", PhoneMaskingFilter.mask("order 20261201 at 12:00:01+01:00"),
                "a time zone offset is not a phone number");
    }
}
