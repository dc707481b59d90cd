package io.reattach.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

import javax.jms.Destination;
import javax.jms.Message;
import javax.jms.MessageProducer;

import org.junit.jupiter.api.Test;

class MethodCacheTest {

    @Test
    void eachMethodObjectIsDecidedOnceAndOverloadsEachOnTheirOwn() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        MethodCache<Integer> cache = new MethodCache<>(m -> {
            computed.incrementAndGet();
            return m.getParameterCount();
        });
        Method one = MessageProducer.class.getMethod("send", Message.class);
        Method two = MessageProducer.class.getMethod("send", Destination.class, Message.class);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, cache.get(one));
            assertEquals(2, cache.get(two));
        }
        assertEquals(2, computed.get());
    }

    @Test
    void aCallerThatPassesNewCopiesOfAMethodCannotFillItBeyondItsLimit() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        MethodCache<String> cache = new MethodCache<>(m -> {
            computed.incrementAndGet();
            return m.getName();
        });
        int calls = MethodCache.LIMIT + 100;
        for (int i = 0; i < calls; i++) {
            assertEquals("send", cache.get(MessageProducer.class.getMethod("send", Message.class))); // a new copy each time
        }
        assertEquals(calls, computed.get(), "still right past the limit, computed each time");
    }
}
