/**
 * The parts of {@link io.sluice.api.ExecutionOptions}, one immutable record per concern: {@link
 * io.sluice.api.options.Resources} (auto values a backend fills in from the machine), {@link
 * io.sluice.api.options.Blocks}, {@link io.sluice.api.options.Retries}, {@link
 * io.sluice.api.options.Spill} and {@link io.sluice.api.options.Diagnostics}. Each validates itself
 * and names the option at fault; {@code withX} methods return changed copies.
 */
package io.sluice.api.options;
