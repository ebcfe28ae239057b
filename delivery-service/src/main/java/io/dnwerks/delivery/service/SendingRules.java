package io.dnwerks.delivery.service;

import io.dnwerks.contracts.campaign.SendingWindow;
import io.dnwerks.delivery.domain.QuietHours;
import io.dnwerks.delivery.domain.RegionRule;
import io.dnwerks.delivery.repository.DispatchRepository.Claimed;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a claimed message may go now, in its recipient's local time: the law's window narrowed by
 * regional rules and the campaign's own window, not before the campaign's local send time in the
 * recipient's zone, and not after its deadline. A message that may not go yet waits for the opening
 * (no retry spent); one that cannot go by the deadline, or ever, ends rejected as {@code quiet-hours}.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // built at start, on the main thread: warmUp reads jars, which the event loop must not
public class SendingRules {

    /** The reason a message waits for, or was rejected over, its window. */
    public static final String QUIET_HOURS = "quiet-hours";
    /** The reason a message waits for, or was rejected over, its number's frequency cap. */
    public static final String FREQUENCY_CAP = "frequency-cap";

    private static final Logger LOG = Logger.getLogger(SendingRules.class);

    /** What to do with a message now. */
    public sealed interface Decision {
        record Send() implements Decision {
        }

        /** Wait until the window opens: {@code duration} from now. */
        record Wait(Duration duration, String reason) implements Decision {
        }

        /** Never: end the message rejected with {@code reason}. */
        record End(String reason, String detail) implements Decision {
        }
    }

    private static final Decision SEND = new Decision.Send();

    private final QuietHours quietHours;
    private final Clock clock;
    private final Map<String, SendingWindow> windows = new ConcurrentHashMap<>();

    public SendingRules(QuietHoursConfig config) {
        SendingWindow window = SendingWindow.parse(config.window());
        List<RegionRule> rules = config.rules().map(list -> list.stream().map(RegionRule::parse).toList())
                .orElseGet(QuietHours::builtInRules);
        List<ZoneId> unknown = config.unknownZones().map(list -> list.stream().map(ZoneId::of).toList()).orElse(List.of());
        this.quietHours = new QuietHours(window, rules, unknown);
        this.clock = Clock.offset(Clock.systemUTC(), config.clockOffset());
        if (!config.clockOffset().isZero()) {
            LOG.warnf("dnwerks.quiet-hours.clock-offset is %s: quiet hours, local send times and deadlines are judged by a "
                    + "shifted clock. This is for tests and demos only.", config.clockOffset());
        }
        LOG.infof("quiet hours: %s, rules %s", window, rules.stream().map(r -> r.region() + " " + r.window()).toList());
        warmUp();
    }

    /**
     * libphonenumber reads a region's metadata, and ICU its zone table, from their jars the first time
     * they are needed: do it at start, not inside a dispatch round on the event loop.
     */
    private void warmUp() {
        com.google.i18n.phonenumbers.PhoneNumberUtil util = com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
        Instant now = Instant.now();
        for (String region : util.getSupportedRegions()) {
            com.google.i18n.phonenumbers.Phonenumber.PhoneNumber example = util.getExampleNumber(region);
            try {
                if (example != null) {
                    quietHours.decide(now, new QuietHours.Recipient(util.format(example,
                            com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat.E164), null), null, null);
                }
            } catch (RuntimeException e) {
                LOG.debugf("warming up quiet hours for %s: %s", region, e.getMessage());
            }
        }
    }

    /** The time rules are judged by (shifted by dnwerks.quiet-hours.clock-offset). */
    public Instant now() {
        return clock.instant();
    }

    /** Would the message, sent {@code wait} from now, go out after its campaign's deadline? */
    public boolean pastDeadline(Claimed m, Duration wait) {
        return m.campaign().deadline() != null && now().plus(wait).isAfter(m.campaign().deadline().toInstant());
    }

    public Decision decide(Instant now, Claimed m) {
        SendingWindow campaignWindow;
        try {
            campaignWindow = m.campaign().sendingWindow() == null ? null
                    : windows.computeIfAbsent(m.campaign().sendingWindow(), SendingWindow::parse);
        } catch (IllegalArgumentException unreadable) {
            // campaign-service checks the window; one that does not read here must not jam the round
            return new Decision.End(QUIET_HOURS, "the campaign's sending window does not read: " + unreadable.getMessage());
        }
        QuietHours.Verdict v = quietHours.decide(now, new QuietHours.Recipient(m.phone(), m.timezone()), campaignWindow,
                m.campaign().timezone());
        if (v.never()) {
            return new Decision.End(QUIET_HOURS, v.reason());
        }
        Instant opening = v.opening().get();
        if (m.campaign().sendAtLocalTime() != null) {
            // not before the local send time in every zone the recipient may be in: the latest of them
            Instant notBefore = v.where().zones().stream().map(z -> m.campaign().sendAtLocalTime().atZone(z).toInstant())
                    .max(Instant::compareTo).orElse(now);
            if (notBefore.isAfter(opening)) {
                Optional<Instant> later = QuietHours.nextOpening(notBefore, v.window().get(), v.where().zones());
                if (later.isEmpty()) {
                    return new Decision.End(QUIET_HOURS, "no opening of " + v.window().get() + " after the local send time");
                }
                opening = later.get();
            }
        }
        if (m.campaign().deadline() != null && opening.isAfter(m.campaign().deadline().toInstant())) {
            return new Decision.End(QUIET_HOURS, "its window opens at " + opening + ", after the campaign's deadline");
        }
        if (!opening.isAfter(now)) {
            return SEND;
        }
        return new Decision.Wait(Duration.between(now, opening), QUIET_HOURS);
    }
}
