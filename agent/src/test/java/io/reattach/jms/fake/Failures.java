package io.reattach.jms.fake;

import javax.jms.JMSException;
import java.io.IOException;
import java.net.ConnectException;

/** The exceptions the fake provider throws when the network fails, as real providers do: caused and linked by I/O. */
final class Failures {
    private Failures() {
    }

    /** What a call on a connection broken quietly throws: unchecked, no cause, a name that says nothing. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("channel is already closed");
        }
    }

    /** A call on a connection that broke, or (call null) the report to its ExceptionListener. */
    static JMSException lost(String call, IOException cause) {
        return linked(new JMSException("fake broker: the connection is lost" + (call == null ? "" : " during " + call)
                + " (" + cause + ")"), cause);
    }

    static JMSException refused() {
        ConnectException cause = new ConnectException("Connection refused");
        return linked(new JMSException("fake broker: cannot connect: " + cause.getMessage()), cause);
    }

    private static JMSException linked(JMSException e, Exception cause) {
        e.setLinkedException(cause);
        e.initCause(cause);
        return e;
    }
}
