package io.reattach.net;

import io.reattach.config.HostPort;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketTargetsTest {

    private static final AddressList NO_LIST = new AddressList(Collections.<HostPort>emptyList());

    @Test
    void onlyPortsNamedByAPatternOrTheListGetPastTheFirstLookUp() {
        SocketTargets t = new SocketTargets(Arrays.asList("db1:5432", "*:61616"),
                new AddressList(Collections.singletonList(new HostPort("broker2", 5672))));
        assertTrue(t.mayMatch(5432));
        assertTrue(t.mayMatch(61616));
        assertTrue(t.mayMatch(5672));
        assertFalse(t.mayMatch(80));
    }

    @Test
    void aPortWildcardLetsEveryPortThrough() {
        assertTrue(new SocketTargets(Collections.singletonList("db1:*"), NO_LIST).mayMatch(80));
    }

    @Test
    void hostsMatchByNameAsGivenOrByIpAddress() {
        SocketTargets t = new SocketTargets(Arrays.asList("db1:5432", "127.0.0.1:*", "[::1]:7000", "*:61616"), NO_LIST);
        assertTrue(t.matches(InetSocketAddress.createUnresolved("DB1", 5432)));
        assertFalse(t.matches(InetSocketAddress.createUnresolved("db2", 5432)));
        assertTrue(t.matches(new InetSocketAddress("127.0.0.1", 9)));
        assertTrue(t.matches(new InetSocketAddress("::1", 7000)));
        assertFalse(t.matches(new InetSocketAddress("::1", 7001)));
        assertTrue(t.matches(InetSocketAddress.createUnresolved("anything", 61616)));
    }
}
