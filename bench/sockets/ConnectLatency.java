import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * Connect latency to a local server: {@code new Socket()} + {@code connect(address)} + close, timed one by one,
 * after a warm-up. The server is in the same JVM (an accept loop that closes at once). The client closes with
 * SO_LINGER 0 (a reset), so that no TIME_WAIT piles up over tens of thousands of connects.
 * Usage: java ConnectLatency PORT [connects=20000] [warmup=5000]. Prints one line: median and p90 in microseconds.
 */
public class ConnectLatency {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        ServerSocket server = new ServerSocket(port, 1000, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(() -> {
            while (true) {
                try (Socket s = server.accept()) {
                    // accept and close
                } catch (Exception e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        long[] nanos = new long[n];
        for (int i = 0; i < warmup + n; i++) {
            long start = System.nanoTime();
            Socket s = new Socket();
            s.connect(address);
            long t = System.nanoTime() - start;
            s.setSoLinger(true, 0);
            s.close();
            if (i >= warmup) {
                nanos[i - warmup] = t;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("median %.2f us  p90 %.2f us  (%d connects)%n", nanos[n / 2] / 1000.0, nanos[n * 9 / 10] / 1000.0, n);
        server.close();
    }
}
