package io.reattach.jms.fake;

/** What the fake does not model: the engine's tests do not need it. */
final class Unsupported {
    private Unsupported() {
    }

    static UnsupportedOperationException inFake(String what) {
        return new UnsupportedOperationException(what + " is not in the fake JMS provider");
    }
}
