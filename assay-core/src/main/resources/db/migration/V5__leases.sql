-- Named leases, so that among several instances sharing one database exactly one runs
-- each background job (a monitor, a sustainment cycle) at a time.
CREATE TABLE leases (
    name       VARCHAR(128) PRIMARY KEY,
    holder     VARCHAR(128) NOT NULL,
    expires_at BIGINT       NOT NULL,
    fence      BIGINT       NOT NULL
);
