package io.dnwerks.delivery.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;

/**
 * SMS keywords and the replies to them, under {@code dnwerks.keywords}. Keywords are given per
 * language (the language of a reply is the customer's preferred one when a reply exists in it, else
 * the keyword's own when only one language has it, else {@link #defaultLanguage()}). The defaults,
 * in application.properties, are the FCC's and carriers' opt-out words (47 CFR 64.1200(a)(10):
 * stop, quit, end, revoke, opt out, cancel, unsubscribe; Twilio's STOPALL, OPTOUT) and their usual
 * Spanish, French, German and Portuguese counterparts. Replies are plain text and never marketing.
 */
@ConfigMapping(prefix = "dnwerks.keywords")
public interface KeywordConfig {

    /** Words that opt a number out, per language: {@code dnwerks.keywords.opt-out.en=STOP,QUIT,...}. */
    Map<String, List<String>> optOut();

    /** Words that opt a number back in, per language. */
    Map<String, List<String>> optIn();

    /** Words that ask for help, per language. */
    Map<String, List<String>> help();

    /** The confirmation and help texts, per language: {@code dnwerks.keywords.replies.es.opt-out=...}. */
    Map<String, Replies> replies();

    /** The language of replies when neither the customer's nor the keyword's has one. */
    @WithDefault("en")
    String defaultLanguage();

    /** How often a reply is tried before it is left failed (a confirmation is owed once, not forever). */
    @WithDefault("5")
    int replyAttempts();

    interface Replies {
        String optOut();

        String optIn();

        String help();
    }
}
