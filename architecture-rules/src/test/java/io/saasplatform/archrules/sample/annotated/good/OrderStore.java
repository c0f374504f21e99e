package io.saasplatform.archrules.sample.annotated.good;

import org.jmolecules.architecture.hexagonal.SecondaryPort;

/** Annotated sample: outgoing port. */
@SecondaryPort
public interface OrderStore {
    void save(String item, long cents);
}
