package io.reattach.jms;

import java.lang.reflect.Proxy;

/** A session node whose provider object says it is transacted, for tests of the window and the transaction. */
final class TransactedSession {

    private TransactedSession() {
    }

    static ObjectNode node() {
        Object session = Proxy.newProxyInstance(TransactedSession.class.getClassLoader(), new Class<?>[]{javax.jms.Session.class},
                (p, m, a) -> m.getName().equals("getTransacted") ? Boolean.TRUE : null);
        return new ObjectNode(Role.SESSION, null, new Recipe(null, null), session, 0);
    }
}
