package dev.daxscope.scenario;

/** A token of a scenario line; {@code column} is 1-based; {@code quoted} tokens keep their unescaped text. */
public record Token(String text, int column, boolean quoted) {
}
