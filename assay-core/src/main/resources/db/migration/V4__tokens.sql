-- API bearer tokens. Only the SHA-256 (hex) of each secret is stored; times are epoch
-- milliseconds (UTC); revoked_at is NULL while the token is active. Ids are assigned by
-- the application (MAX + 1), which both SQLite and PostgreSQL accept without dialect SQL.
CREATE TABLE api_tokens (
    id          BIGINT      NOT NULL PRIMARY KEY,
    name        VARCHAR(64) NOT NULL,
    role        VARCHAR(16) NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    token_hash  CHAR(64)    NOT NULL UNIQUE,
    created_at  BIGINT      NOT NULL,
    revoked_at  BIGINT
);
