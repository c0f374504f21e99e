package io.saasplatform.stray.planted;

/** Planted violation (test code, never production): a class in no layer of the hexagon. */
public class StrayClass {}
