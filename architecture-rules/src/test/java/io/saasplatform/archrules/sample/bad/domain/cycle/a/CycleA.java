package io.saasplatform.archrules.sample.bad.domain.cycle.a;

import io.saasplatform.archrules.sample.bad.domain.cycle.b.CycleB;

/** Planted: one half of a package cycle. */
public final class CycleA {
    public CycleB other;
}
