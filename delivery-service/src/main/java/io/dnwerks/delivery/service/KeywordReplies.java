package io.dnwerks.delivery.service;

import io.dnwerks.delivery.domain.KeywordMatcher;
import io.dnwerks.delivery.domain.KeywordMatcher.Kind;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The keywords and their replies as configured (see {@link KeywordConfig}), checked at start: a
 * keyword given two meanings, or a default language without replies, stops the service from starting
 * rather than leave a STOP unconfirmed.
 */
@ApplicationScoped
public class KeywordReplies {

    private final KeywordConfig config;
    private final KeywordMatcher matcher;

    public KeywordReplies(KeywordConfig config) {
        this.config = config;
        Map<Kind, Map<String, java.util.List<String>>> keywords = new EnumMap<>(Kind.class);
        keywords.put(Kind.OPT_OUT, config.optOut());
        keywords.put(Kind.OPT_IN, config.optIn());
        keywords.put(Kind.HELP, config.help());
        this.matcher = new KeywordMatcher(keywords);
        if (config.optOut().values().stream().allMatch(java.util.List::isEmpty)) {
            throw new IllegalStateException("dnwerks.keywords.opt-out lists no keyword: nobody could opt out by SMS");
        }
        KeywordConfig.Replies fallback = config.replies().get(config.defaultLanguage().toLowerCase(Locale.ROOT));
        if (fallback == null) {
            throw new IllegalStateException("dnwerks.keywords.replies." + config.defaultLanguage()
                    + " is not configured: the default language needs its opt-out, opt-in and help replies");
        }
        config.replies().forEach((language, replies) -> {
            for (Kind kind : Kind.values()) {
                String text = text(replies, kind);
                if (text == null || text.isBlank() || text.length() > 320) {
                    throw new IllegalStateException("dnwerks.keywords.replies." + language + "." + kind.code
                            + " must be 1 to 320 characters (two segments at most)");
                }
            }
        });
    }

    public KeywordMatcher matcher() {
        return matcher;
    }

    /**
     * The reply to a keyword: in the customer's language when there is a reply in it, else in the
     * keyword's own (ALTO is Spanish), else in the default language.
     */
    public Reply reply(KeywordMatcher.Match match, String customerLanguage) {
        for (String language : new String[] {customerLanguage, match.language(), config.defaultLanguage()}) {
            if (language == null) {
                continue;
            }
            String lang = language.toLowerCase(Locale.ROOT);
            KeywordConfig.Replies replies = config.replies().get(lang);
            if (replies != null) {
                return new Reply(lang, text(replies, match.kind()));
            }
        }
        throw new IllegalStateException("no replies configured for " + config.defaultLanguage()); // checked at start
    }

    public int replyAttempts() {
        return Math.max(1, config.replyAttempts());
    }

    public record Reply(String language, String text) {
    }

    private static String text(KeywordConfig.Replies replies, Kind kind) {
        return switch (kind) {
            case OPT_OUT -> replies.optOut();
            case OPT_IN -> replies.optIn();
            case HELP -> replies.help();
        };
    }
}
