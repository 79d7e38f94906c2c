-- The agent guard's human approval queue: one row per action the guard escalated to a person.
-- Ids are random UUIDs chosen by the application (so the ledger entry that records a request can
-- name it before the row exists); times are epoch milliseconds (UTC). A request is PENDING until
-- a person APPROVED or DENIED it, or it EXPIRED (which counts as a denial). action and findings
-- are JSON text; request_seq and decision_seq are the ledger entries of the request and of its
-- decision (NULL until known).
CREATE TABLE agent_approvals (
    id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    created_at    BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    agent         VARCHAR(512),
    action        TEXT         NOT NULL,
    findings      TEXT         NOT NULL,
    status        VARCHAR(16)  NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'DENIED', 'EXPIRED')),
    decided_by    VARCHAR(256),
    reason        TEXT,
    decided_at    BIGINT,
    request_seq   BIGINT,
    decision_seq  BIGINT
);

CREATE INDEX agent_approvals_status ON agent_approvals (status, created_at);
