package io.sluice.benchmarks.peers;

import java.util.List;

/**
 * One contender: a main class run in its own JVM with the shared job arguments plus its own.
 *
 * @param name label in tables and charts
 * @param mainClass the child's main
 * @param classpath the child's classpath
 * @param args extra arguments after the shared ones
 * @param writesOutput false for the ORT-only loop, which has no output to checksum
 */
public record Contender(
    String name, String mainClass, String classpath, List<String> args, boolean writesOutput) {}
