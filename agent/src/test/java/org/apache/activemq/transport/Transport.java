package org.apache.activemq.transport;

import java.io.IOException;

/** The part of ActiveMQ Classic's transport that the agent uses, under its own name, for the agent's unit tests. */
public interface Transport {
    int getReceiveCounter();

    void onException(IOException error);
}
