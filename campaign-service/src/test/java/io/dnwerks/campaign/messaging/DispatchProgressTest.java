package io.dnwerks.campaign.messaging;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DispatchProgressTest {

    private static DispatchProgress report(int pending, int sent, int receiptsOverdue, boolean audienceComplete) {
        return new DispatchProgress(UUID.randomUUID(), 1, 10, pending, sent, 10 - pending - sent, 0, 0, 0, receiptsOverdue,
                audienceComplete);
    }

    @Test
    void aCampaignIsDoneWhenNothingIsPendingAndEverySentMessageIsFinalOrOverdue() {
        assertTrue(report(0, 0, 0, true).allFinal());
        assertTrue(report(0, 2, 2, true).allFinal(), "sent messages whose receipts are overdue do not hold it");
        assertFalse(report(0, 2, 1, true).allFinal(), "one receipt may still come in time");
        assertFalse(report(1, 0, 0, true).allFinal());
        assertFalse(report(0, 0, 0, false).allFinal(), "more of the audience may still come");
    }
}
