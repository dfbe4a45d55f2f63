package io.workerpool.numbers;

/** The {@code multiply} job and stage: each number times {@code "by"}. */
public final class MultiplyJob extends ArithmeticJob {

  public static final String TYPE = "multiply";

  public MultiplyJob() {
    super(TYPE, "by");
  }

  @Override
  long apply(long value, long operand) {
    return Math.multiplyExact(value, operand);
  }
}
