package io.saasplatform.domain;

/** Domain value: a failed item of a tracked job and why, in words fit for the shop's dashboard. */
public record JobItemError(ProductId productId, String problem) {
    public JobItemError {
        InvalidValueException.requirePresent(productId, "productId");
        InvalidValueException.requirePresent(problem, "problem");
    }
}
