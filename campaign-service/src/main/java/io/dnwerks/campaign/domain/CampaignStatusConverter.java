package io.dnwerks.campaign.domain;

import io.dnwerks.common.persistence.LowerCaseEnums;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
public class CampaignStatusConverter extends LowerCaseEnums.Converter<CampaignStatus> {

    public CampaignStatusConverter() {
        super(CampaignStatus.class);
    }
}
