package io.reattach.it.app;

import java.util.Arrays;
import java.util.List;

/** The command line of {@link LegacyApp}: {@code --key=value} arguments. */
final class Options {
    static final String USAGE = String.join(System.lineSeparator(),
            "usage: LegacyApp --mode=queue|durable|context|events|errors|close|throughput|recovery|drain|tx|async|clientack|reply|storm|doubt|chaos --factory=CLASS --url=URL [options]",
            "  --destination=NAME     queue or topic (default reattach.it)",
            "  --count=N              messages to send (default 100)",
            "  --interval-ms=MS       pause between sends (default 20)",
            "  --consume=listener|receive   queue/durable: MessageListener or a receive() loop (default listener)",
            "  --drain-ms=MS          after the last send, wait this long without progress for the rest (default 20000)",
            "  --client-id=ID         durable: the consumer connection's client ID (default reattach-it)",
            "  --linger-ms=MS         events/errors: keep listening this long before exiting (default 0)",
            "  --max-runtime-s=S      halt with exit code 3 after this long (default 180)",
            "  --exit-on-stdin-eof    halt with exit code 99 when standard input closes",
            "  --delivery=persistent|non-persistent   throughput: the producer's delivery mode (default persistent)",
            "  --warmup=N             throughput: untimed sends before the --count timed ones (default 500)",
            "  --body-bytes=N         throughput, recovery: characters in each text message (default 256)",
            "  --retry-failed-sends   recovery: a send that throws is counted and sent again instead of ending the run",
            "  --consume-while-sending   throughput: a second session consumes while the producer sends (no backlog)",
            "  --pause-meter          tick every ms, record the largest gap; 'gap' on stdin prints GAP max-ms=.. ticks=..",
            "  --load-classes=N       load N more classes (class path jars, then the JDK's) before anything else",
            "  --wait-before-connect  create the factory, print WAITING-FOR-CONNECT, connect only after 'connect' on stdin",
            "  --user=NAME            connect with createConnection(NAME, password) / createContext(NAME, password); the",
            "                         password is read from the environment variable " + Options.PASSWORD_VARIABLE,
            "  --tx=send|forward      tx: a transaction that only sends, or one that receives and sends (default send)",
            "  --batch=N              tx send: messages per transaction (default 4)",
            "  --pause-at=N           tx: transaction (send) or message (forward) at which to wait for 'go' on stdin;",
            "                         clientack: the message after which to wait, then acknowledge it (default 0: never)",
            "  --send=plain|mixed     async: plain sends, or every even one with a CompletionListener (default plain)",
            "  --consumer-url=URL     async, doubt: the consumer's broker URL (default --url)",
            "  --ack-every=N          clientack: acknowledge every N messages (default 5)",
            "  --padding=N            async: characters added to each message's text (default 0)",
            "  --group=ID             async: each message in message group ID (JMSXGroupID, JMSXGroupSeq = its number);",
            "                         a message received without it is a BAD-MESSAGE, not counted as received",
            "  --api=classic|context  async: Connection/Session/MessageProducer, or JMSContext/JMSProducer (default classic)",
            "  --reply-timeout-ms=MS  reply: how long a request waits for its reply before it is sent again (default 3000)",
            "  --connections=N        storm: consumer connections, each with its own ExceptionListener c1..cN (default 10)",
            "  --hold                 storm: after DONE, keep the connections until 'finish' on stdin",
            "  (standard input: the line heap prints HEAP used=bytes after a full GC, in any mode)");

    private static final List<String> MODES =
            Arrays.asList("queue", "durable", "context", "events", "errors", "close", "throughput", "recovery", "drain",
                    "tx", "async", "clientack", "reply", "storm", "doubt", "chaos");

    String mode;
    String factory;
    String url;
    String destination = "reattach.it";
    int count = 100;
    long intervalMillis = 20;
    String consume = "listener";
    long drainMillis = 20_000;
    String clientId = "reattach-it";
    long lingerMillis;
    long maxRuntimeSeconds = 180;
    boolean exitOnStdinEof;
    String delivery = "persistent";
    int warmup = 500;
    int bodyBytes = 256;
    boolean retryFailedSends;
    boolean consumeWhileSending;
    boolean waitBeforeConnect;
    boolean pauseMeter;
    int loadClasses;
    String user;

    /** Where {@code --user}'s password comes from: never the command line, which every process listing shows. */
    static final String PASSWORD_VARIABLE = "LEGACY_APP_PASSWORD";
    String tx = "send";
    int batch = 4;
    int pauseAt;
    String send = "plain";
    String consumerUrl;
    int ackEvery = 5;
    int padding;
    String group;
    String api = "classic";
    long replyTimeoutMillis = 3000;
    int connections = 10;
    boolean hold;

    static Options parse(String[] args) {
        Options o = new Options();
        for (String arg : args) {
            if (arg.equals("--exit-on-stdin-eof")) {
                o.exitOnStdinEof = true;
                continue;
            }
            if (arg.equals("--pause-meter")) {
                o.pauseMeter = true;
                continue;
            }
            if (arg.equals("--wait-before-connect")) {
                o.waitBeforeConnect = true;
                continue;
            }
            if (arg.equals("--hold")) {
                o.hold = true;
                continue;
            }
            if (arg.equals("--retry-failed-sends")) {
                o.retryFailedSends = true;
                continue;
            }
            if (arg.equals("--consume-while-sending")) {
                o.consumeWhileSending = true;
                continue;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("not --key=value: " + arg);
            }
            String key = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (key) {
                case "mode": o.mode = value; break;
                case "factory": o.factory = value; break;
                case "url": o.url = value; break;
                case "destination": o.destination = value; break;
                case "count": o.count = Integer.parseInt(value); break;
                case "interval-ms": o.intervalMillis = Long.parseLong(value); break;
                case "consume": o.consume = value; break;
                case "drain-ms": o.drainMillis = Long.parseLong(value); break;
                case "client-id": o.clientId = value; break;
                case "linger-ms": o.lingerMillis = Long.parseLong(value); break;
                case "max-runtime-s": o.maxRuntimeSeconds = Long.parseLong(value); break;
                case "delivery": o.delivery = value; break;
                case "warmup": o.warmup = Integer.parseInt(value); break;
                case "body-bytes": o.bodyBytes = Integer.parseInt(value); break;
                case "user": o.user = value; break;
                case "load-classes": o.loadClasses = Integer.parseInt(value); break;
                case "tx": o.tx = value; break;
                case "batch": o.batch = Integer.parseInt(value); break;
                case "pause-at": o.pauseAt = Integer.parseInt(value); break;
                case "send": o.send = value; break;
                case "consumer-url": o.consumerUrl = value; break;
                case "ack-every": o.ackEvery = Integer.parseInt(value); break;
                case "padding": o.padding = Integer.parseInt(value); break;
                case "group": o.group = value; break;
                case "api": o.api = value; break;
                case "reply-timeout-ms": o.replyTimeoutMillis = Long.parseLong(value); break;
                case "connections": o.connections = Integer.parseInt(value); break;
                default: throw new IllegalArgumentException("unknown option --" + key);
            }
        }
        if (o.mode == null || !MODES.contains(o.mode)) {
            throw new IllegalArgumentException("--mode must be one of " + MODES + ", not " + o.mode);
        }
        if (o.factory == null || o.url == null) {
            throw new IllegalArgumentException("--factory and --url are required");
        }
        if (!o.consume.equals("listener") && !o.consume.equals("receive")) {
            throw new IllegalArgumentException("--consume must be listener or receive");
        }
        if (!o.tx.equals("send") && !o.tx.equals("forward")) {
            throw new IllegalArgumentException("--tx must be send or forward");
        }
        if (!o.api.equals("classic") && !o.api.equals("context")) {
            throw new IllegalArgumentException("--api must be classic or context");
        }
        if (!o.send.equals("plain") && !o.send.equals("mixed")) {
            throw new IllegalArgumentException("--send must be plain or mixed");
        }
        if (!o.delivery.equals("persistent") && !o.delivery.equals("non-persistent")) {
            throw new IllegalArgumentException("--delivery must be persistent or non-persistent");
        }
        return o;
    }
}
