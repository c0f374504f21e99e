package io.saasplatform.domain.planted.cycle.a;

import io.saasplatform.domain.planted.cycle.b.CycleB;

/** Planted violation (test code, never production): one half of a package cycle. */
public class CycleA {
    CycleB other;
}
