package io.reattach.net;

import io.reattach.config.HostPort;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressListTest {

    private final AddressList list = new AddressList(Arrays.asList(
            new HostPort("broker1", 61616), new HostPort("127.0.0.1", 61617), new HostPort("[::1]", 61618)));

    @Test
    void theFirstAddressIsPreferredUntilItFails() {
        assertArrayEquals(new int[]{0, 1, 2}, list.order());
        list.failed(0);
        assertArrayEquals(new int[]{1, 2, 0}, list.order());
        list.failed(1);
        list.failed(2);
        assertEquals(0, list.preferred(), "wraps around");
    }

    @Test
    void aFailureOfAnAddressThatIsNotPreferredDoesNotMoveThePreference() {
        list.connected(2);
        list.failed(0);
        assertEquals(2, list.preferred());
    }

    @Test
    void theAddressThatWorkedIsPreferred() {
        list.failed(0);
        list.connected(2);
        assertArrayEquals(new int[]{2, 0, 1}, list.order());
    }

    @Test
    void aChangeOfPreferenceIsAnnouncedOnce() {
        assertEquals(false, list.announce(0), "the first address is the starting point");
        assertEquals(true, list.announce(1));
        assertEquals(false, list.announce(1));
        assertEquals(true, list.announce(0));
    }

    @Test
    void anEntryMatchesItsHostAsWrittenOrItsIpAddressAndItsPort() {
        assertEquals(0, list.indexOf(InetSocketAddress.createUnresolved("broker1", 61616)));
        assertEquals(-1, list.indexOf(InetSocketAddress.createUnresolved("broker1", 61617)));
        assertEquals(1, list.indexOf(new InetSocketAddress("127.0.0.1", 61617)));
        assertEquals(2, list.indexOf(new InetSocketAddress("0:0:0:0:0:0:0:1", 61618)), "[::1] is the JDK's 0:0:0:0:0:0:0:1");
        assertEquals(-1, list.indexOf(new InetSocketAddress("127.0.0.2", 61617)));
    }

    @Test
    void theCountsSayWhichAddressesAConnectReachedSinceAMoment() {
        long[] before = list.reachCounts();
        list.connected(1);
        assertEquals(true, list.reachedSince(before, 1));
        assertEquals(false, list.reachedSince(before, 0));
    }

    @Test
    void aFailureSaysWhetherThePreferenceMoved() {
        assertEquals(true, list.failed(0));
        assertEquals(false, list.failed(0), "0 is not preferred any more");
    }
}
