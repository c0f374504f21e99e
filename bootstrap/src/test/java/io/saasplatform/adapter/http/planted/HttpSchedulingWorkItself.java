package io.saasplatform.adapter.http.planted;

import com.github.kagkarlsson.scheduler.Scheduler;

/** Planted violation (test code, never production): the HTTP adapter driving the worker's engine itself. */
public class HttpSchedulingWorkItself {
    Scheduler scheduler;
}
