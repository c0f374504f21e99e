package io.saasplatform.domain.planted.cycle.b;

import io.saasplatform.domain.planted.cycle.a.CycleA;

/** Planted violation (test code, never production): the other half of a package cycle. */
public class CycleB {
    CycleA other;
}
