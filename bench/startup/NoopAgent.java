import java.lang.instrument.Instrumentation;

/** The floor of any agent: a premain that does nothing, in a jar as large as Reattach's. */
public class NoopAgent {
    public static void premain(String args, Instrumentation inst) {
    }
}
