package io.dnwerks.delivery.domain;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells whether an inbound SMS is a keyword. A message is one only when all of it is the keyword, as
 * carriers and Twilio treat them: trimmed, case-folded, accents dropped (ARRÊT is ARRET), punctuation
 * and emoji around it ignored (a reply of "Stop." or "STOP!!" means STOP), inner blanks and hyphens
 * collapsed ("opt  out", "opt-out"); but "stop please" is not STOP, as the FCC reads other wording case by case.
 */
public final class KeywordMatcher {

    public enum Kind {
        OPT_OUT("opt-out"), OPT_IN("opt-in"), HELP("help");

        public final String code;

        Kind(String code) {
            this.code = code;
        }
    }

    /**
     * @param keyword  the keyword as configured
     * @param language the language the keyword belongs to when exactly one configured language has
     *                 it (ALTO: es), null when several do (STOP: en and fr)
     */
    public record Match(Kind kind, String keyword, String language) {
    }

    private static final Pattern EDGE = Pattern.compile("^[\\p{P}\\p{S}\\s]+|[\\p{P}\\p{S}\\s]+$");
    // a hyphen or underscore between words is a blank: "opt-out" is "opt out"
    private static final Pattern BLANKS = Pattern.compile("[\\s_-]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private record Entry(Kind kind, String keyword, Set<String> languages) {
    }

    private final Map<String, Entry> byNormalised = new HashMap<>();

    /**
     * @param keywords per kind, per language, the keywords
     * @throws IllegalArgumentException when one keyword is given two kinds (STOP as opt-out and opt-in)
     */
    public KeywordMatcher(Map<Kind, Map<String, List<String>>> keywords) {
        keywords.forEach((kind, byLanguage) -> byLanguage.forEach((language, words) -> words.forEach(word -> {
            String key = normalise(word);
            if (key.isEmpty()) {
                return;
            }
            Entry known = byNormalised.get(key);
            if (known != null && known.kind() != kind) {
                throw new IllegalArgumentException("keyword '" + word + "' is configured as " + known.kind().code + " and as " + kind.code);
            }
            Set<String> languages = known == null ? new HashSet<>() : new HashSet<>(known.languages());
            languages.add(language.toLowerCase(Locale.ROOT));
            byNormalised.put(key, new Entry(kind, word.strip().toUpperCase(Locale.ROOT), Set.copyOf(languages)));
        })));
    }

    public Optional<Match> match(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Entry e = byNormalised.get(normalise(text));
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(new Match(e.kind(), e.keyword(), e.languages().size() == 1 ? e.languages().iterator().next() : null));
    }

    static String normalise(String text) {
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        return BLANKS.matcher(EDGE.matcher(folded).replaceAll("")).replaceAll(" ").toUpperCase(Locale.ROOT);
    }
}
