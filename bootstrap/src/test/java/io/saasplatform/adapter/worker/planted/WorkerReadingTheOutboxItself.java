package io.saasplatform.adapter.worker.planted;

import io.saasplatform.application.port.out.Outbox;

/** Planted violation (test code, never production): the worker reading the outbox instead of calling its use case. */
public class WorkerReadingTheOutboxItself {
    Outbox outbox;
}
