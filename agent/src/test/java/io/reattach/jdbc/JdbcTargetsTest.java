package io.reattach.jdbc;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which JDBC URLs are targets: the addresses a URL names, matched as an operator writes JdbcTargets. */
class JdbcTargetsTest {

    private static String addresses(String url) {
        return JdbcUrl.addresses(url).stream().map(Object::toString).collect(Collectors.joining(","));
    }

    @Test
    void theAddressesOfTheUsualUrlShapes() {
        assertEquals("db1:5432", addresses("jdbc:postgresql://db1:5432/app?user=u&password=p"));
        assertEquals("db1:5432,db2:5433", addresses("jdbc:postgresql://db1,db2:5433/app"));
        assertEquals("localhost:5432", addresses("jdbc:postgresql:app"));
        assertEquals("[::1]:5432", addresses("jdbc:postgresql://[::1]/app"));
        assertEquals("db1:3306", addresses("jdbc:mysql://user:secret@DB1/app"));
        assertEquals("db1:3307", addresses("jdbc:mysql://address=(protocol=tcp)(host=db1)(port=3307)/app"));
        assertEquals("db1:1433", addresses("jdbc:sqlserver://db1;databaseName=app"));
        assertEquals("db1:1521", addresses("jdbc:oracle:thin:@db1:1521:ORCL"));
        assertEquals("db1:1522", addresses("jdbc:oracle:thin:scott/tiger@//db1:1522/svc"));
        assertEquals("db1:1521,db2:1526", addresses("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS_LIST=(ADDRESS=(PROTOCOL=TCP)(HOST=db1)(PORT=1521))"
                + "(ADDRESS=(PORT=1526)(PROTOCOL=TCP)(HOST=db2)))(CONNECT_DATA=(SERVICE_NAME=svc)))"));
        assertEquals("", addresses("jdbc:h2:mem:test"));
        assertEquals("", addresses("not a jdbc url"));
    }

    @Test
    void aUrlIsATargetWhenOneOfItsAddressesMatchesAPattern() {
        JdbcTargets t = new JdbcTargets(Arrays.asList("db1:5432", "*:3306", "[::1]:*"));
        assertTrue(t.matches("jdbc:postgresql://db1/app"));
        assertTrue(t.matches("jdbc:postgresql://other:5432,DB1:5432/app"));
        assertTrue(t.matches("jdbc:mysql://anything/app"));
        assertTrue(t.matches("jdbc:postgresql://[0:0:0:0:0:0:0:1]:6000/app"));
        assertFalse(t.matches("jdbc:postgresql://db1:5433/app"));
        assertFalse(t.matches("jdbc:postgresql://db2/app"));
        assertFalse(t.matches("jdbc:h2:mem:test"));
        assertFalse(t.matches(null));
    }

    @Test
    void aPortTheUrlDoesNotTellMatchesOnlyAnyPort() {
        List<String> anyPort = Collections.singletonList("db1:*");
        assertTrue(new JdbcTargets(anyPort).matches("jdbc:db2://db1/app"));
        assertFalse(new JdbcTargets(Collections.singletonList("db1:50000")).matches("jdbc:db2://db1/app"));
    }

    @Test
    void noPatternsMatchNothing() {
        assertFalse(new JdbcTargets(Collections.<String>emptyList()).matches("jdbc:postgresql://db1/app"));
    }
}
