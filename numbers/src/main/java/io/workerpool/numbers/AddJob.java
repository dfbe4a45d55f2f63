package io.workerpool.numbers;

/** The {@code add} job and stage: each number plus {@code "amount"}. */
public final class AddJob extends ArithmeticJob {

  public static final String TYPE = "add";

  public AddJob() {
    super(TYPE, "amount");
  }

  @Override
  long apply(long value, long operand) {
    return Math.addExact(value, operand);
  }
}
