package example;

/** The Java example: the builder stage packages this with Maven; the runtime image holds the jar. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("Hello from Java " + Runtime.version().feature()
                + ", built by Stevedore in a multi-stage build!");
    }
}
