package io.reattach.bridge;

/**
 * What the ActiveMQ Artemis client's woven {@code ActiveMQSessionContext.sendFullMessage} calls
 * ({@code io.reattach.weave.ArtemisSendResponses}): whether a send asks the broker for a response of its own.
 *
 * <p>Artemis 2.x asks one for every send of a session with a client {@code confirmationWindowSize}, which the agent
 * sets for re-attachment ({@code jms.ProviderTuning}). The response goes to the send's acknowledgement handler, the
 * JMS {@code CompletionListener}; a send without one waits for nothing and has no listener to tell, and what
 * re-attachment needs (the broker's confirmations of the commands it received) comes without it. So such a send asks
 * none, as it does without a window, and the broker answers each non-persistent send no more.
 *
 * <p>Nothing here loads another class or throws: the woven code calls it on every send, with no catch around it.
 */
public final class ArtemisSendBridge {

    private ArtemisSendBridge() {
    }

    /**
     * @param confirmationWindow the session's client {@code confirmationWindowSize}, -1 for none
     * @param handler            the send's acknowledgement handler, or null
     * @param sendBlocking       whether the send waits for the broker (a persistent send, by default)
     * @return whether the send asks for a response: a blocking send always does; an asynchronous one where a window
     *         exists and a handler awaits it
     */
    public static boolean responseRequired(int confirmationWindow, Object handler, boolean sendBlocking) {
        return sendBlocking || confirmationWindow != -1 && handler != null;
    }
}
