package io.saasplatform.archrules.sample.annotated.good;

import org.jmolecules.architecture.hexagonal.PrimaryPort;

/** Annotated sample: incoming port. */
@PrimaryPort
public interface PlaceOrder {
    long place(String item);
}
