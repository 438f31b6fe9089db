package dev.nova.desktop.ui;

/** "1 model", "2 models": counts as people write them. */
public final class Plural {
    private Plural() {}

    /** {@code n} and the noun, plural ({@code noun + "s"}) unless {@code n} is one. */
    public static String of(long n, String noun) {
        return of(n, noun, noun + "s");
    }

    public static String of(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
