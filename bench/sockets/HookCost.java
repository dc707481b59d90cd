import io.reattach.config.Settings;
import io.reattach.config.SettingsLoader;
import io.reattach.net.SocketEngine;
import io.reattach.policy.Clock;
import io.reattach.policy.Sleeper;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * What the woven Socket.connect adds for a connect that matches no target, measured without the noise of the
 * network: the engine's non-target path (the call the enter advice makes), many times, ns per call. The exit advice
 * adds a null check. Run with the agent jar on the class path (not as an agent).
 * Usage: java -cp reattach-agent.jar:. HookCost
 */
public class HookCost {
    public static void main(String[] args) throws Exception {
        Settings settings = SettingsLoader.load("SocketTargets=db1:5432,127.0.0.1:1,ConnectionNameList=10.0.0.1(61616)");
        SocketEngine engine = new SocketEngine(settings, Clock.system(), Sleeper.system());
        Socket socket = new Socket();
        InetSocketAddress[] addresses = {new InetSocketAddress("127.0.0.1", 8080), new InetSocketAddress("127.0.0.1", 5432),
                new InetSocketAddress("10.1.2.3", 443)}; // 5432: the port of a target, another host
        int n = 10_000_000;
        double[] rounds = new double[7];
        Object sink = null;
        for (int r = 0; r < rounds.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Object to = engine.beforeConnect(socket, addresses[i % 3], 0, false);
                if (to != null) {
                    sink = to;
                }
            }
            rounds[r] = (System.nanoTime() - start) / (double) n;
        }
        Arrays.sort(rounds);
        System.out.printf("non-target path: median %.1f ns per connect (7 rounds of %d calls)%s%n", rounds[3], n, sink == null ? "" : "!");
    }
}
