-- What each configured witness last cosigned for this ledger (C2SP tlog-witness): the tree size,
-- the checkpoint note it cosigned and its cosignature line(s). The newest checkpoint that
-- witnesses cosigned is served with their lines appended.
CREATE TABLE ledger_witnesses (
    witness     VARCHAR(512) PRIMARY KEY,
    size        BIGINT       NOT NULL,
    checkpoint  TEXT         NOT NULL,
    cosignature TEXT         NOT NULL,
    updated_at  VARCHAR(40)  NOT NULL
);
