-- Portable SQL: runs on H2 (PostgreSQL mode), PostgreSQL and CockroachDB alike.

CREATE TABLE organizations (
  id          VARCHAR(64)  PRIMARY KEY,
  name        VARCHAR(200) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- body holds the reference Cluster object as JSON; id, organization and name are columns because
-- they are what queries and uniqueness need.
CREATE TABLE clusters (
  id               VARCHAR(64)  PRIMARY KEY,
  organization_id  VARCHAR(64)  NOT NULL REFERENCES organizations (id),
  name             VARCHAR(200) NOT NULL,
  body             VARCHAR      NOT NULL
);
CREATE INDEX clusters_by_organization ON clusters (organization_id, name);

CREATE TABLE service_accounts (
  id               VARCHAR(64)  PRIMARY KEY,
  organization_id  VARCHAR(64)  NOT NULL REFERENCES organizations (id),
  name             VARCHAR(200) NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX service_accounts_by_organization ON service_accounts (organization_id);

CREATE TABLE role_grants (
  service_account_id  VARCHAR(64) NOT NULL REFERENCES service_accounts (id),
  role                VARCHAR(40) NOT NULL,
  resource_type       VARCHAR(20) NOT NULL,
  resource_id         VARCHAR(64) NOT NULL,
  PRIMARY KEY (service_account_id, role, resource_type, resource_id)
);

-- Only a SHA-256 of the secret is kept; the secret itself is shown once, at creation.
CREATE TABLE api_keys (
  id                  VARCHAR(64)  PRIMARY KEY,
  service_account_id  VARCHAR(64)  NOT NULL REFERENCES service_accounts (id),
  name                VARCHAR(200) NOT NULL,
  secret_sha256       VARCHAR(64)  NOT NULL,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at          TIMESTAMP WITH TIME ZONE,
  revoked_at          TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_keys_by_service_account ON api_keys (service_account_id);

-- body holds the reference Invoice object as JSON, exactly as it is served.
CREATE TABLE invoices (
  id               VARCHAR(128) PRIMARY KEY,
  organization_id  VARCHAR(64)  NOT NULL REFERENCES organizations (id),
  period_start     TIMESTAMP WITH TIME ZONE NOT NULL,
  period_end       TIMESTAMP WITH TIME ZONE NOT NULL,
  status           VARCHAR(16)  NOT NULL,
  body             VARCHAR      NOT NULL,
  CONSTRAINT one_invoice_per_period UNIQUE (organization_id, period_start)
);
