package org.apache.activemq;

/** A stand-in for ActiveMQ Classic's factory in the agent's unit tests: only its broker URL property. */
public class ActiveMQConnectionFactory {
    private String brokerURL;

    public ActiveMQConnectionFactory(String brokerURL) {
        this.brokerURL = brokerURL;
    }

    public String getBrokerURL() {
        return brokerURL;
    }

    public void setBrokerURL(String brokerURL) {
        this.brokerURL = brokerURL;
    }
}
