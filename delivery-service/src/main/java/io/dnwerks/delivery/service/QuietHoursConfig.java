package io.dnwerks.delivery.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When marketing may reach a recipient, in their local time, under {@code dnwerks.quiet-hours}
 * (environment: {@code DNWERKS_QUIET_HOURS_...}). Checked at start: a window or rule that does not
 * read stops the service.
 */
@ConfigMapping(prefix = "dnwerks.quiet-hours")
public interface QuietHoursConfig {

    /**
     * The window everywhere, unless a rule narrows it: 47 CFR 64.1200(c)(1), 08:00 to 21:00 at the
     * called party's location. Syntax {@code HH:mm-HH:mm [DAYS]}, e.g. {@code 09:00-20:00 MON-SAT}.
     */
    @WithDefault("08:00-21:00")
    String window();

    /**
     * Stricter rules by region, replacing the built-in ones (US-FL, US-OK, US-MD 08:00-20:00, presumed
     * from their area codes) when set: one rule per index, {@code dnwerks.quiet-hours.rules[0]=US-FL
     * 08:00-20:00 zones=America/New_York,America/Chicago area-codes=239,305,...}, or a country,
     * {@code DE 09:00-20:00 MON-SAT}. Keep the built-in ones in the list if you set it.
     */
    Optional<List<String>> rules();

    /**
     * Zones to assume for a recipient whose zone nothing tells (the customer gave none, the number is
     * not geographic); the window must be open in all of them. Unset, such a message goes only under
     * a campaign time zone, and otherwise ends rejected ({@code quiet-hours}) rather than risk a night.
     */
    Optional<List<String>> unknownZones();

    /**
     * Shifts the clock quiet hours, local send times and deadlines are judged by: for tests and demos
     * that need the recipients' evening now. Never set it in production (a warning is logged when set).
     */
    @WithDefault("PT0S")
    Duration clockOffset();
}
