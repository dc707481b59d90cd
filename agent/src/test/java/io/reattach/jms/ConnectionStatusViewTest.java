package io.reattach.jms;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The target a connection's status shows: the broker URL, never a user's password or the URL's options. */
class ConnectionStatusViewTest {

    @Test
    void userInformationAndOptionsAreRemoved() {
        assertEquals("tcp://broker1:61616", ConnectionStatusView.sanitize("tcp://broker1:61616"));
        assertEquals("amqp://broker1:5672", ConnectionStatusView.sanitize("amqp://app:s3cret@broker1:5672?jms.password=s3cret"));
        assertEquals("failover:(tcp://a:61616,tcp://b:61616)",
                ConnectionStatusView.sanitize("failover:(tcp://u:p@a:61616?x=1,tcp://b:61616)?randomize=false&password=p"));
        assertEquals("(tcp://a:61616,tcp://b:61617)", ConnectionStatusView.sanitize("(tcp://a:61616?password=p,tcp://b:61617)"));
    }

    /** The four providers' getters, by name, as the view finds them by reflection. */
    @Test
    void theTargetComesFromTheProvidersUrlGetter() {
        assertEquals("tcp://c:61616", ConnectionStatusView.target(new Object() {
            @SuppressWarnings("unused")
            public String getBrokerURL() {
                return "tcp://user:pw@c:61616?jms.userName=u";
            }
        }));
        assertEquals("amqp://q:5672", ConnectionStatusView.target(new QpidLike()));
        assertEquals("tcp://a:61616", ConnectionStatusView.target(new ArtemisLike()));
        assertEquals("amqp://r:5672/%2F", ConnectionStatusView.target(new RabbitMqLike()));
        assertEquals("", ConnectionStatusView.target(new Object()));
    }

    public static final class QpidLike {
        public String getRemoteURI() {
            return "amqp://q:5672?jms.password=pw";
        }
    }

    public static final class RabbitMqLike {
        public String getUri() {
            return "amqp://guest:guest@r:5672/%2F";
        }
    }

    public static final class ArtemisLike {
        public URI toURI() {
            return URI.create("tcp://a:61616?password=pw&user=u");
        }
    }
}
