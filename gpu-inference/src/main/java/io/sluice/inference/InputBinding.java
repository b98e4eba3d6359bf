package io.sluice.inference;

import java.io.Serializable;

/** Model input tensor {@code tensor} is fed from dataset column {@code column}. */
public record InputBinding(String tensor, String column) implements Serializable {}
