package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Stage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Walks the stages the target needs, resolving each once, and orders them. The walk is iterative:
 * a Dockerfile of thousands of chained stages cannot overflow the stack.
 */
final class StageGraph {

    private StageGraph() {}

    /** A stage on the current path of the walk, with the edges still to follow. */
    private record Frame(int index, Iterator<StageResolver.Edge> edges) {}

    /**
     * Resolves {@code target} and every stage it needs, depth first, and fails on a cycle
     * (BuildKit: {@code circular dependency detected on stage: NAME}), naming the instruction
     * that closes it and the path.
     *
     * @return the resolutions by stage index
     */
    static Map<Integer, StageResolver.Resolution> reach(String file, List<Stage> stages, int target,
                                                        IntFunction<StageResolver.Resolution> resolve) {
        Map<Integer, StageResolver.Resolution> done = new TreeMap<>();
        Map<Integer, StageResolver.Resolution> open = new HashMap<>();
        Deque<Frame> path = new ArrayDeque<>();
        StageResolver.Resolution first = resolve.apply(target);
        open.put(target, first);
        path.push(new Frame(target, first.edges().iterator()));
        while (!path.isEmpty()) {
            Frame frame = path.peek();
            if (!frame.edges().hasNext()) {
                path.pop();
                done.put(frame.index(), open.remove(frame.index()));
                continue;
            }
            StageResolver.Edge edge = frame.edges().next();
            if (open.containsKey(edge.to())) {
                throw cycle(file, stages, path, edge);
            }
            if (!done.containsKey(edge.to())) {
                StageResolver.Resolution next = resolve.apply(edge.to());
                open.put(edge.to(), next);
                path.push(new Frame(edge.to(), next.edges().iterator()));
            }
        }
        return done;
    }

    private static InvalidInputException cycle(String file, List<Stage> stages, Deque<Frame> path,
                                               StageResolver.Edge closing) {
        List<String> names = new ArrayList<>();
        boolean inCycle = false;
        for (Iterator<Frame> it = path.descendingIterator(); it.hasNext(); ) {
            int index = it.next().index();
            inCycle |= index == closing.to();
            if (inCycle) {
                names.add(name(stages.get(index)));
            }
        }
        names.add(name(stages.get(closing.to())));
        return new InvalidInputException(Diagnostic.error(file, closing.range(),
                "circular dependency detected on stage: " + name(stages.get(closing.to()))
                        + " (" + String.join(" -> ", names) + ")"));
    }

    static String name(Stage stage) {
        return stage.name().orElse("stage-" + stage.index());
    }

    /**
     * The stages in an order where each comes after those it needs; among the ready ones, the
     * lowest index first, so the order is deterministic and follows the file where it can.
     */
    static List<Integer> order(Map<Integer, StageResolver.Resolution> reached) {
        Map<Integer, Integer> waiting = new HashMap<>();
        Map<Integer, List<Integer>> dependents = new HashMap<>();
        for (StageResolver.Resolution r : reached.values()) {
            int index = r.stage().index();
            List<Integer> deps = r.edges().stream().map(StageResolver.Edge::to).distinct().toList();
            waiting.put(index, deps.size());
            deps.forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(index));
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        waiting.forEach((index, count) -> {
            if (count == 0) {
                ready.add(index);
            }
        });
        List<Integer> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int next = ready.poll();
            order.add(next);
            for (int dependent : dependents.getOrDefault(next, List.of())) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        return order;
    }
}
