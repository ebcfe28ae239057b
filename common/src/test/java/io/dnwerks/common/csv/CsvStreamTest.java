package io.dnwerks.common.csv;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvStreamTest {

    @Test
    void theHeaderThenEveryPageInOrderEachReadAfterTheOneBefore() {
        List<Integer> asked = new ArrayList<>();
        List<String> body = CsvStream.of(Uni.createFrom().item("h\r\n"), 0, after -> {
            asked.add(after);
            return Uni.createFrom().item(new CsvStream.Page<>("r" + (after + 1) + "\r\n", after + 1, after + 1 < 3));
        }).collect().asList().await().indefinitely();
        assertEquals(List.of("h\r\n", "r1\r\n", "r2\r\n", "r3\r\n"), body);
        assertEquals(List.of(0, 1, 2), asked, "each page starts after the last one's key");
    }

    @Test
    void anEmptyLastPageWritesNothingAndAFailedHeaderWritesNothingAtAll() {
        assertEquals(List.of("h\r\n"), CsvStream.of(Uni.createFrom().item("h\r\n"), 0,
                after -> Uni.createFrom().item(new CsvStream.Page<>("", after, false))).collect().asList().await().indefinitely());
        List<String> written = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> CsvStream.<Integer>of(Uni.createFrom().failure(new IllegalStateException("404")), 0,
                after -> Uni.createFrom().item(new CsvStream.Page<>("r\r\n", after, false))).onItem().invoke(written::add)
                .collect().asList().await().indefinitely());
        assertEquals(List.of(), written);
    }
}
