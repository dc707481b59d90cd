package io.reattach.jms.fake;

import javax.jms.Connection;
import javax.jms.ConnectionConsumer;
import javax.jms.ConnectionMetaData;
import javax.jms.Destination;
import javax.jms.ExceptionListener;
import javax.jms.InvalidClientIDException;
import javax.jms.JMSException;
import javax.jms.ServerSessionPool;
import javax.jms.Session;
import javax.jms.Topic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A connection to the {@link FakeBroker}. Its state is guarded by the broker's lock. */
final class FakeConnection implements Connection {

    final FakeBroker broker;
    final String user;
    final List<FakeSession> sessions = new ArrayList<>();
    /** Sends not stored yet: non-persistent ones and those with a CompletionListener, oldest first. */
    final List<PendingSend> inFlight = new ArrayList<>();
    String clientId;
    ExceptionListener exceptionListener;
    boolean started;
    boolean broken;
    /** Broken by {@link FakeBroker#crashQuietly()}: its failure is neither reported nor named. */
    boolean quiet;
    boolean closed;
    /** Why the connection broke. */
    IOException failure;
    /** A call other than setClientID was made: too late for a client ID, as JMS says. */
    private boolean used;

    FakeConnection(FakeBroker broker, String user) {
        this.broker = broker;
        this.user = user;
    }

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        synchronized (broker) {
            used = true;
            Script.Fault fault = broker.begin(this, "createSession");
            FakeSession session = new FakeSession(this, transacted, transacted ? Session.SESSION_TRANSACTED : acknowledgeMode);
            sessions.add(session);
            broker.end(this, "createSession", fault);
            return session;
        }
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public String getClientID() {
        synchronized (broker) {
            return clientId;
        }
    }

    /** Only as the first call on a new connection, and only an ID no other open connection has, as brokers require. */
    @Override
    public void setClientID(String id) throws JMSException {
        synchronized (broker) {
            Script.Fault fault = broker.begin(this, "setClientID");
            if (used || clientId != null) {
                throw new javax.jms.IllegalStateException("the client ID can only be set right after the connection is created");
            }
            if (broker.clientIdInUse(id)) {
                throw new InvalidClientIDException("client ID " + id + " is in use by another connection");
            }
            clientId = id;
            used = true;
            broker.end(this, "setClientID", fault);
        }
    }

    @Override
    public ExceptionListener getExceptionListener() {
        synchronized (broker) {
            return exceptionListener;
        }
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        synchronized (broker) {
            if (closed) {
                throw new javax.jms.IllegalStateException("the connection is closed");
            }
            used = true;
            exceptionListener = listener;
        }
    }

    @Override
    public void start() throws JMSException {
        synchronized (broker) {
            used = true;
            Script.Fault fault = broker.begin(this, "start");
            started = true;
            broker.notifyAll(); // receivers waiting for the start
            broker.dispatchLater();
            broker.end(this, "start", fault);
        }
    }

    @Override
    public void stop() throws JMSException {
        synchronized (broker) {
            used = true;
            Script.Fault fault = broker.begin(this, "stop");
            started = false;
            broker.end(this, "stop", fault);
        }
    }

    /**
     * A graceful close delivers what is in flight and closes the sessions. Closing a broken connection is quiet and
     * changes nothing: its objects go on answering every call with the connection's failure, so that what the
     * application sees does not depend on when the engine closed the dead connection in the background.
     */
    @Override
    public void close() {
        synchronized (broker) {
            if (closed || broken) {
                closed = true;
                return;
            }
            broker.flush(this);
            for (FakeSession s : new ArrayList<>(sessions)) {
                s.close();
            }
            closed = true;
            broker.closed(this);
        }
    }

    @Override
    public ConnectionMetaData getMetaData() {
        throw Unsupported.inFake("ConnectionMetaData");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination d, String selector, ServerSessionPool pool, int max) {
        throw Unsupported.inFake("ConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic t, String name, String selector, ServerSessionPool pool, int max) {
        throw Unsupported.inFake("ConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic t, String name, String selector, ServerSessionPool pool, int max) {
        throw Unsupported.inFake("ConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic t, String name, String selector, ServerSessionPool pool, int max) {
        throw Unsupported.inFake("ConnectionConsumer");
    }

    @Override
    public String toString() {
        return "FakeConnection[" + (clientId != null ? clientId : "no client ID") + (broken ? ", broken" : "") + (closed ? ", closed" : "") + "]";
    }
}
