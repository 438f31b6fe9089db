package dev.nova.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nova.server.llm.StreamEvents.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records a stream's events and waits for its end with a deadline. */
final class RecordingEvents implements StreamEvents {
    final List<String> contents = new CopyOnWriteArrayList<>();
    final List<String> reasonings = new CopyOnWriteArrayList<>();
    final CompletableFuture<Outcome> end = new CompletableFuture<>();
    final AtomicInteger ends = new AtomicInteger();
    private final CountDownLatch firstDelta = new CountDownLatch(1);

    @Override
    public void onDelta(String content, String reasoning) {
        if (!content.isEmpty()) {
            contents.add(content);
        }
        if (!reasoning.isEmpty()) {
            reasonings.add(reasoning);
        }
        firstDelta.countDown();
    }

    @Override
    public void onEnd(Outcome outcome) {
        ends.incrementAndGet();
        end.complete(outcome);
    }

    Outcome awaitEnd(Duration within) {
        try {
            return end.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the stream did not end within " + within, e);
        }
    }

    Outcome awaitEnd() {
        return awaitEnd(Duration.ofSeconds(10));
    }

    void awaitFirstDelta() throws InterruptedException {
        assertThat(firstDelta.await(10, TimeUnit.SECONDS)).as("a first delta").isTrue();
    }

    String text() {
        return String.join("", contents);
    }
}
