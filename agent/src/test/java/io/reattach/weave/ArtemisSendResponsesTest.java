package io.reattach.weave;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The Artemis 2.44 client's own session context, woven and verified by the JVM, sending through a channel that records
 * the packets: whether each send asks the broker for a response, as the broker would read it from the packet. Each
 * case runs on a fresh copy of the Artemis client ({@link WovenLoader#weavingOne}), its session context woven or not.
 */
class ArtemisSendResponsesTest {

    private static final String ARTEMIS = "org.apache.activemq.artemis.";
    private static final String CONTEXT = ArtemisSendResponses.CLASS.replace('/', '.');
    private static final int WINDOW = 262_144;

    /** The agent's window set, no handler, not blocking: a non-persistent JMS send. Artemis asks a response; woven, not. */
    @Test
    void aSendNoOneAwaitsAsksNoResponse() throws Exception {
        assertEquals(true, requiresResponse(UnaryOperator.identity(), WINDOW, false, false, false));
        assertEquals(false, requiresResponse(ArtemisSendResponses::weave, WINDOW, false, false, false));
        assertEquals(false, requiresResponse(ArtemisSendResponses::weave, WINDOW, false, false, true)); // an older broker
    }

    /** Every other case asks what it asked: a blocking send, a send with a CompletionListener, a session without window. */
    @Test
    void everyOtherSendAsksWhatItAskedBefore() throws Exception {
        for (boolean olderBroker : new boolean[]{false, true}) {
            for (int window : new int[]{WINDOW, -1}) {
                for (boolean blocking : new boolean[]{false, true}) {
                    for (boolean handler : new boolean[]{false, true}) {
                        if (window != -1 && !blocking && !handler) {
                            continue; // the one case woven, above
                        }
                        String which = "window " + window + ", blocking " + blocking + ", handler " + handler + ", older " + olderBroker;
                        assertEquals(requiresResponse(UnaryOperator.identity(), window, blocking, handler, olderBroker),
                                requiresResponse(ArtemisSendResponses::weave, window, blocking, handler, olderBroker), which);
                    }
                }
            }
        }
    }

    @Test
    void aClassWithoutThatLineIsLeftAsItIs() {
        byte[] woven = ArtemisSendResponses.weave(WovenLoader.bytesOf(CONTEXT));
        assertNotNull(woven);
        assertNull(ArtemisSendResponses.weave(woven), "woven twice");
        assertNull(ArtemisSendResponses.weave(WovenLoader.bytesOf(SampleFactory.class)));
    }

    /**
     * Makes a session context of the given window on a fresh copy of the Artemis client, its class file passed through
     * {@code weaver}, sends one message and returns whether the packet written asks for a response.
     */
    private static boolean requiresResponse(UnaryOperator<byte[]> weaver, int window, boolean blocking, boolean withHandler,
                                            boolean olderBroker) throws Exception {
        ClassLoader artemis = WovenLoader.weavingOne(ARTEMIS, CONTEXT, weaver);
        Class<?> connectionType = artemis.loadClass(ARTEMIS + "core.protocol.core.CoreRemotingConnection");
        Class<?> channelType = artemis.loadClass(ARTEMIS + "core.protocol.core.Channel");
        Object connection = Proxy.newProxyInstance(artemis, new Class<?>[]{connectionType},
                (proxy, m, args) -> m.getName().equals("isBeforeProducerMetricsChanged") ? olderBroker : zero(m));
        List<Object> written = new ArrayList<>();
        Object channel = Proxy.newProxyInstance(artemis, new Class<?>[]{channelType}, (proxy, m, args) -> {
            switch (m.getName()) {
                case "getConnection":
                    return connection;
                case "sendBatched":
                case "sendBlocking":
                    written.add(args[0]);
                    return zero(m);
                default:
                    return zero(m);
            }
        });
        Class<?> contextType = artemis.loadClass(CONTEXT);
        Object context = contextType.getConstructor(String.class, artemis.loadClass(ARTEMIS + "spi.core.protocol.RemotingConnection"),
                channelType, int.class, int.class).newInstance("session", connection, channel, 135, window);
        Class<?> handlerType = artemis.loadClass(ARTEMIS + "api.core.client.SendAcknowledgementHandler");
        Object handler = withHandler ? Proxy.newProxyInstance(artemis, new Class<?>[]{handlerType}, (proxy, m, args) -> zero(m)) : null;
        Object message = artemis.loadClass(ARTEMIS + "core.message.impl.CoreMessage").getConstructor().newInstance();
        Method send = contextType.getMethod("sendFullMessage", artemis.loadClass(ARTEMIS + "api.core.ICoreMessage"), boolean.class,
                handlerType, artemis.loadClass(ARTEMIS + "api.core.SimpleString"), int.class);
        send.invoke(context, message, blocking, handler, null, 0);
        assertEquals(1, written.size());
        return (Boolean) written.get(0).getClass().getMethod("isRequiresResponse").invoke(written.get(0));
    }

    private static Object zero(Method m) {
        Class<?> type = m.getReturnType();
        if (type == boolean.class) {
            return false;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }
}
