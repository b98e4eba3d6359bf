package io.sluice.inference;

import java.io.Serializable;

/**
 * Model output tensor {@code tensor} becomes the new column {@code column}.
 *
 * @param meanPool whether a {@code [batch, seq, dim]} output is mean-pooled over the attention mask
 *     and L2-normalised into one {@code fixed_size_list<float32>[dim]} per row (sentence
 *     embeddings)
 */
public record OutputBinding(String tensor, String column, boolean meanPool)
    implements Serializable {}
