package io.reattach.jms.fake;

import javax.jms.IllegalStateRuntimeException;
import javax.jms.InvalidClientIDException;
import javax.jms.InvalidClientIDRuntimeException;
import javax.jms.InvalidDestinationException;
import javax.jms.InvalidDestinationRuntimeException;
import javax.jms.JMSException;
import javax.jms.JMSRuntimeException;
import javax.jms.JMSSecurityException;
import javax.jms.JMSSecurityRuntimeException;
import javax.jms.TransactionRolledBackException;
import javax.jms.TransactionRolledBackRuntimeException;

/** The JMS 2.0 simplified API throws unchecked exceptions: the checked one of the classic API becomes the cause. */
final class Unchecked {

    interface Call<T> {
        T run() throws JMSException;
    }

    interface VoidCall {
        void run() throws JMSException;
    }

    private Unchecked() {
    }

    static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (JMSException e) {
            throw of(e);
        }
    }

    static void run(VoidCall call) {
        try {
            call.run();
        } catch (JMSException e) {
            throw of(e);
        }
    }

    static JMSRuntimeException of(JMSException e) {
        String message = e.getMessage();
        String code = e.getErrorCode();
        if (e instanceof javax.jms.IllegalStateException) {
            return new IllegalStateRuntimeException(message, code, e);
        }
        if (e instanceof TransactionRolledBackException) {
            return new TransactionRolledBackRuntimeException(message, code, e);
        }
        if (e instanceof InvalidDestinationException) {
            return new InvalidDestinationRuntimeException(message, code, e);
        }
        if (e instanceof InvalidClientIDException) {
            return new InvalidClientIDRuntimeException(message, code, e);
        }
        if (e instanceof JMSSecurityException) {
            return new JMSSecurityRuntimeException(message, code, e);
        }
        return new JMSRuntimeException(message, code, e);
    }
}
