package io.reattach.jms.fake;

import javax.jms.JMSConsumer;
import javax.jms.Message;
import javax.jms.MessageListener;

/** The simplified API's consumer over a {@link FakeConsumer}. */
final class FakeJmsConsumer implements JMSConsumer {

    private final FakeConsumer consumer;

    FakeJmsConsumer(FakeConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        return consumer.getMessageSelector();
    }

    @Override
    public MessageListener getMessageListener() {
        return consumer.getMessageListener();
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        Unchecked.run(() -> consumer.setMessageListener(listener));
    }

    @Override
    public Message receive() {
        return Unchecked.call(consumer::receive);
    }

    @Override
    public Message receive(long timeout) {
        return Unchecked.call(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return Unchecked.call(consumer::receiveNoWait);
    }

    @Override
    public void close() {
        consumer.close();
    }

    @Override
    public <T> T receiveBody(Class<T> type) {
        return body(receive(), type);
    }

    @Override
    public <T> T receiveBody(Class<T> type, long timeout) {
        return body(receive(timeout), type);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> type) {
        return body(receiveNoWait(), type);
    }

    private static <T> T body(Message m, Class<T> type) {
        return m == null ? null : Unchecked.call(() -> m.getBody(type));
    }
}
