package io.reattach.it.startup;

/** The small program of the start-up tests: no JMS, one line of output. */
public final class HelloApp {
    public static void main(String[] args) {
        System.out.println("hello from the application");
    }
}
