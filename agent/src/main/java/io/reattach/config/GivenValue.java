package io.reattach.config;

/** One value as given somewhere: the key as spelled, the trimmed text, and where. */
final class GivenValue {
    final String spelled;
    final String text;
    final Source source;

    GivenValue(String spelled, String text, Source source) {
        this.spelled = spelled;
        this.text = text;
        this.source = source;
    }
}
