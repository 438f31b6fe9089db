package dev.nova.bench;

import dev.nova.desktop.board.AgentPanelViewModel;
import dev.nova.desktop.board.TaskBoardViewModel;
import dev.nova.desktop.chat.ChatViewModel;
import dev.nova.desktop.shell.MainView;
import dev.nova.desktop.sidebar.SidebarViewModel;
import dev.nova.protocol.ServerMessage;
import dev.nova.desktop.shell.StatusViewModel;
import dev.nova.desktop.ui.UiExecutor;
import dev.nova.protocol.FinishReason;
import dev.nova.protocol.ServerMessage.ChatMessage;
import dev.nova.protocol.ServerMessage.LlmChunk;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The window's two speed targets, headless (Monocle, software rendering): opening a thread of
 * 10,000 messages, and how busy the FX thread is while an answer streams at 1,000 tokens/s.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.nova.bench.UiBench}
 */
public final class UiBench {
    private static volatile Thread fxThread;

    public static void main(String[] args) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("java.awt.headless", "true");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(() -> {
            fxThread = Thread.currentThread();
            started.countDown();
        });
        started.await();
        ChatViewModel chat = new ChatViewModel((ch, m) -> { }, "assistant");
        CompletableFuture<Stage> shown = new CompletableFuture<>();
        Platform.runLater(() -> {
            Stage stage = new Stage();
            stage.setScene(new Scene(MainView.build(
                    new SidebarViewModel((c, m) -> { }, UiExecutor.direct(), c -> { }, c -> { }, java.time.Clock.systemUTC()), chat,
                    new TaskBoardViewModel((c, m) -> { }, UiExecutor.direct()), new AgentPanelViewModel(UiExecutor.direct()),
                    new StatusViewModel(UiExecutor.direct(), () -> { }), () -> { },
                    new dev.nova.desktop.models.ModelsViewModel((c, m) -> { }, UiExecutor.direct()),
                    new dev.nova.desktop.importing.ImportViewModel((c, m) -> { }, UiExecutor.direct()),
                    new dev.nova.desktop.tools.ToolsViewModel((c, m) -> { }, UiExecutor.direct(), null, null)), 1280, 800));
            stage.show();
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    chat.flush(now);
                }
            }.start();
            shown.complete(stage);
        });
        shown.get(30, TimeUnit.SECONDS);

        // 1. A thread of 10,000 messages: from handing them to the view model to the next rendered pulse.
        List<ChatMessage> page = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            page.add(ChatMessage.of("Message " + i + " with **some** Markdown and `code`", "assistant", "m-" + i, i,
                    i % 2 == 0 ? "assistant" : "ada", null));
        }
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            CompletableFuture<Long> opened = new CompletableFuture<>();
            Platform.runLater(() -> {
                chat.messages().clear();
                chat.showHistory(null, new ServerMessage.History("assistant", page, false));
                Platform.runLater(() -> new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        stop();
                        opened.complete(System.nanoTime() - t0); // the pulse that laid the list out has run
                    }
                }.start());
            });
            System.out.printf("open 10,000 messages (round %d): %.1f ms%n", round + 1, opened.get(30, TimeUnit.SECONDS) / 1e6);
        }
        Platform.runLater(() -> chat.messages().clear());

        // 2. 1,000 tokens/s for 10 s: share of the FX thread's CPU time over the wall time.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long fxId = fxThread.getId();
        for (int round = 0; round < 2; round++) {
            long cpu0 = threads.getThreadCpuTime(fxId);
            long wall0 = System.nanoTime();
            long next = wall0;
            for (int i = 0; i < 10_000; i++) {
                next += 1_000_000;
                for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                chat.received(LlmChunk.piece("r" + round, i % 12 == 0 ? "\n\n" : "token "));
            }
            chat.received(new LlmChunk("", true, "r" + round, null, FinishReason.STOP, null, null, null, null));
            long wall = System.nanoTime() - wall0;
            long cpu = threads.getThreadCpuTime(fxId) - cpu0;
            System.out.printf("stream 1,000 tokens/s for %.1f s (round %d): FX thread busy %.1f%%%n", wall / 1e9,
                    round + 1, 100.0 * cpu / wall);
        }
        Platform.exit();
        System.exit(0);
    }
}
