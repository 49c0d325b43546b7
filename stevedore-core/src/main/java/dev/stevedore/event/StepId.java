package dev.stevedore.event;

/** A step's number within one build, from 1, in the order steps started. */
public record StepId(int number) {

    public StepId {
        if (number < 1) {
            throw new IllegalArgumentException("step numbers start at 1, got " + number);
        }
    }

    @Override
    public String toString() {
        return "#" + number;
    }
}
