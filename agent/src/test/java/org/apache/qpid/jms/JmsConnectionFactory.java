package org.apache.qpid.jms;

/** A stand-in for Qpid JMS's factory in the agent's unit tests: only its remote URI property. */
public class JmsConnectionFactory {
    private String remoteURI;

    public JmsConnectionFactory(String remoteURI) {
        this.remoteURI = remoteURI;
    }

    public String getRemoteURI() {
        return remoteURI;
    }

    public void setRemoteURI(String remoteURI) {
        this.remoteURI = remoteURI;
    }
}
