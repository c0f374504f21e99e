package io.saasplatform.domain;

import java.time.LocalDate;

/** Domain value: visits on one day from one source/medium/campaign (each null when the link did not carry it). */
public record DailyVisits(LocalDate day, String source, String medium, String campaign, long visits) {}
