package dev.stevedore.report;

import java.util.List;
import java.util.Objects;

/**
 * What multi-stage left out, package by package: a builder stage's packages against the final
 * image's ({@code builder stage had 412 packages (golang-go, gcc-12, ...); the final image has 3}).
 *
 * @param stage       the builder stage's name
 * @param stagePackages how many packages its filesystem holds
 * @param leftOut     the names of those the final image does not have (sorted; all of them)
 * @param imagePackages how many the final image holds
 */
public record PackageView(String stage, int stagePackages, List<String> leftOut, int imagePackages) {

    public PackageView {
        Objects.requireNonNull(stage, "stage");
        leftOut = List.copyOf(leftOut);
    }
}
