package io.dnwerks.campaign.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
public class CampaignStatusConverter implements AttributeConverter<CampaignStatus, String> {

    @Override
    public String convertToDatabaseColumn(CampaignStatus status) {
        return status == null ? null : status.dbValue();
    }

    @Override
    public CampaignStatus convertToEntityAttribute(String value) {
        return value == null ? null : CampaignStatus.fromDb(value);
    }
}
