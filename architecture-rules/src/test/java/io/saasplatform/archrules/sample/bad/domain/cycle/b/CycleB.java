package io.saasplatform.archrules.sample.bad.domain.cycle.b;

import io.saasplatform.archrules.sample.bad.domain.cycle.a.CycleA;

/** Planted: the other half of a package cycle. */
public final class CycleB {
    public CycleA other;
}
