package hello;

import picocli.CommandLine;

public class Main {
    public static void main(String[] args) {
        System.out.println("Hello from a fat jar, with picocli " + CommandLine.VERSION);
    }
}
