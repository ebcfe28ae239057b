package io.dnwerks.campaign.repository;

import io.dnwerks.campaign.domain.CampaignProgress;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class CampaignProgressRepository implements PanacheRepositoryBase<CampaignProgress, UUID> {
}
