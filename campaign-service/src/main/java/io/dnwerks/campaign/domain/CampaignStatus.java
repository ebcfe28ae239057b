package io.dnwerks.campaign.domain;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The seed's campaign states, stored and shown in lower case. */
public enum CampaignStatus {
    DRAFT, SCHEDULED, SENDING, SENT, PAUSED;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CampaignStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
