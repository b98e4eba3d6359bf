package io.sluice.api;

/** A transform failed while running; the message names the operator and what it was processing. */
public class OperatorException extends SluiceException {

  private final String operator;

  public OperatorException(String operator, String message, Throwable cause) {
    super("operator '" + operator + "' failed: " + message, cause);
    this.operator = operator;
  }

  /** The name of the failing operator, as shown in progress and stats. */
  public String operator() {
    return operator;
  }
}
