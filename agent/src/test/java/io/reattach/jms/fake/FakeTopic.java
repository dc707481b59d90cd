package io.reattach.jms.fake;

import javax.jms.Topic;

/** A topic of the {@link FakeBroker}, by name: a message sent to it is stored on each of its subscriptions. */
final class FakeTopic implements Topic {
    final String name;

    FakeTopic(String name) {
        this.name = name;
    }

    @Override
    public String getTopicName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FakeTopic && ((FakeTopic) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "topic://" + name;
    }
}
