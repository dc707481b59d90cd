package io.reattach.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** How hosts written in the settings are spelled for comparison: as the JDK spells the address. */
class HostsTest {

    @Test
    void anIpv4AddressIsSpelledAsTheJdkSpellsItWithoutAskingTheJdk() throws Exception {
        for (String literal : new String[]{"127.0.0.1", "10.1.2.3", "0.0.0.0", "255.255.255.255", "192.168.010.001"}) {
            assertEquals(InetAddress.getByName(literal).getHostAddress(), Hosts.dottedQuad(literal), literal);
            assertEquals(InetAddress.getByName(literal).getHostAddress(), Hosts.normalise(literal), literal);
        }
    }

    @Test
    void whatIsNotFourDecimalPartsIsLeftToTheJdkOrAsWritten() throws Exception {
        for (String other : new String[]{"127.1", "1.2.3.256", "1.2.3.4.5", "1..2.3", "0127.0.0.1", "broker1", "[::1]", ""}) {
            assertNull(Hosts.dottedQuad(other), other);
        }
        assertEquals(InetAddress.getByName("127.1").getHostAddress(), Hosts.normalise("127.1"));
        assertEquals("0:0:0:0:0:0:0:1", Hosts.normalise("[::1]"));
        assertEquals("broker1", Hosts.normalise("Broker1"));
    }
}
