/** The trivial program of the start-up benchmark. */
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
