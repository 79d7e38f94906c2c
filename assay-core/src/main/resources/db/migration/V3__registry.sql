-- Model registry and rollout state. Every change is made inside a ledger append, so the
-- ledger holds the full history; these tables hold the current state.
CREATE TABLE models (
    name        VARCHAR(64)  PRIMARY KEY,
    description TEXT         NOT NULL,
    created_at  VARCHAR(40)  NOT NULL
);

CREATE TABLE model_versions (
    model         VARCHAR(64)  NOT NULL REFERENCES models (name),
    version       VARCHAR(64)  NOT NULL,
    config        TEXT         NOT NULL,
    data_hash     VARCHAR(128) NOT NULL,
    seed          BIGINT       NOT NULL,
    code_version  VARCHAR(128) NOT NULL,
    built_at      VARCHAR(40)  NOT NULL,
    registered_at VARCHAR(40)  NOT NULL,
    PRIMARY KEY (model, version)
);

CREATE TABLE deployments (
    model           VARCHAR(64)      NOT NULL,
    version         VARCHAR(64)      NOT NULL,
    stage           VARCHAR(16)      NOT NULL,
    traffic_percent DOUBLE PRECISION NOT NULL,
    updated_at      VARCHAR(40)      NOT NULL,
    primary_until   VARCHAR(40),
    PRIMARY KEY (model, version),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
);
