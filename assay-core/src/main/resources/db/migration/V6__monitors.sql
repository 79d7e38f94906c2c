-- Monitors that survive a restart and run on exactly one instance: the definition a
-- capability stored, the state snapshot its owner last wrote (with the fencing token of the
-- lease it held then), and the observations received but not yet folded into that state.
CREATE TABLE monitors (
    id            VARCHAR(256) PRIMARY KEY,
    kind          VARCHAR(128) NOT NULL,
    definition    TEXT         NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    created_at    VARCHAR(40)  NOT NULL,
    updated_at    VARCHAR(40)  NOT NULL,
    state         TEXT,
    watermark     BIGINT       NOT NULL,
    next_seq      BIGINT       NOT NULL,
    closed_until  BIGINT       NOT NULL,
    fence         BIGINT       NOT NULL
);

CREATE TABLE monitor_observations (
    monitor_id    VARCHAR(256) NOT NULL,
    seq           BIGINT       NOT NULL,
    payload       TEXT         NOT NULL,
    PRIMARY KEY (monitor_id, seq)
);
