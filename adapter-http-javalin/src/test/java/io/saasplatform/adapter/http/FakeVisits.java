package io.saasplatform.adapter.http;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.VisitsUseCase;
import io.saasplatform.domain.DailyVisits;
import io.saasplatform.domain.Visit;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted fake of the visits port: remembers what it was given. */
final class FakeVisits implements VisitsUseCase {
    final List<Visit> recorded = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void record(Visit visit) {
        recorded.add(visit);
    }

    @Override
    public List<DailyVisits> daily(Actor actor, LocalDate from, LocalDate to) {
        calls.add("daily:" + from + ":" + to);
        return List.of(new DailyVisits(to, "newsletter", "email", null, 3));
    }
}
