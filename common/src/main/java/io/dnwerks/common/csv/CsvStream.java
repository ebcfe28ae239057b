package io.dnwerks.common.csv;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A CSV body streamed a page at a time: the header, then each page as it is read (the next read only
 * once the one before is handed on), so that memory holds one page whatever the number of rows. A
 * failure of the header's read (a 404) comes before a byte is written.
 */
public final class CsvStream {

    /**
     * One page: its lines as CSV, the key the next page starts after, and whether there may be more.
     *
     * @param <K> the keyset cursor's type
     */
    public record Page<K>(String lines, K last, boolean more) {
    }

    private CsvStream() {
    }

    /** @param first the cursor before any row; {@code next} reads the page after a cursor */
    public static <K> Multi<String> of(Uni<String> header, K first, Function<K, Uni<Page<K>>> next) {
        AtomicReference<Page<K>> last = new AtomicReference<>(new Page<>("", first, true));
        Multi<String> pages = Multi.createBy().repeating()
                .uni(() -> next.apply(last.get().last()).invoke(last::set))
                .whilst(Page::more)
                .map(Page::lines);
        return Multi.createBy().concatenating().streams(Multi.createFrom().uni(header), pages).filter(chunk -> !chunk.isEmpty());
    }
}
