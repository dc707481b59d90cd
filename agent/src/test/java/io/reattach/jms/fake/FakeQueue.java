package io.reattach.jms.fake;

import javax.jms.Queue;

/** A queue of the {@link FakeBroker}, by name: two with the same name are the same queue. */
final class FakeQueue implements Queue {
    final String name;

    FakeQueue(String name) {
        this.name = name;
    }

    @Override
    public String getQueueName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FakeQueue && ((FakeQueue) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "queue://" + name;
    }
}
