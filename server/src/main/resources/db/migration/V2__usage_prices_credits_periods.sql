-- The invoice engine's state. Portable SQL, as in V1.

-- Credentials of the operator's metering pipeline; no organization key can act as one.
CREATE TABLE operator_keys (
  id             VARCHAR(64)  PRIMARY KEY,
  name           VARCHAR(200) NOT NULL,
  secret_sha256  VARCHAR(64)  NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at     TIMESTAMP WITH TIME ZONE
);

-- Every loaded price book file, whole; the highest version is in force. Each file carries the full
-- price history (effective-from dates), so drafts always re-rate against one consistent book.
CREATE TABLE price_books (
  version    INTEGER PRIMARY KEY,
  body       VARCHAR NOT NULL,
  loaded_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row per organization and month that has seen usage or been closed. Ingestion and the period
-- close both write this row first, so they serialize on it: a batch either commits before the close
-- reads the month's usage, or sees the month closed and is rejected. Nothing acknowledged is lost.
CREATE TABLE billing_periods (
  organization_id  VARCHAR(64) NOT NULL REFERENCES organizations (id),
  period_start     DATE        NOT NULL,
  closed_at        TIMESTAMP WITH TIME ZONE,
  late_events      BIGINT      NOT NULL,
  PRIMARY KEY (organization_id, period_start)
);

-- The ids of accepted events, for idempotency; rows of closed periods may be deleted, since a closed
-- period rejects usage anyway.
CREATE TABLE usage_events (
  event_id         VARCHAR(128) PRIMARY KEY,
  organization_id  VARCHAR(64)  NOT NULL,
  period_start     DATE         NOT NULL
);
CREATE INDEX usage_events_by_period ON usage_events (organization_id, period_start);

-- Exact sums of accepted quantities per organization, cluster, SKU and UTC day: what rating reads.
CREATE TABLE usage_daily (
  organization_id  VARCHAR(64)    NOT NULL,
  usage_day        DATE           NOT NULL,
  cluster_id       VARCHAR(64)    NOT NULL,
  sku              VARCHAR(128)   NOT NULL,
  quantity         NUMERIC(38, 12) NOT NULL,
  PRIMARY KEY (organization_id, usage_day, cluster_id, sku)
);

CREATE TABLE credit_grants (
  id               VARCHAR(64)    PRIMARY KEY,
  organization_id  VARCHAR(64)    NOT NULL REFERENCES organizations (id),
  amount           NUMERIC(20, 2) NOT NULL,
  starts_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX credit_grants_by_organization ON credit_grants (organization_id);

-- What finalized invoices drew from each grant, by day of charge.
CREATE TABLE credit_draws (
  grant_id         VARCHAR(64)    NOT NULL REFERENCES credit_grants (id),
  usage_day        DATE           NOT NULL,
  organization_id  VARCHAR(64)    NOT NULL,
  period_start     DATE           NOT NULL,
  amount           NUMERIC(20, 2) NOT NULL,
  PRIMARY KEY (grant_id, usage_day)
);

CREATE TABLE adjustments (
  id               VARCHAR(64)    PRIMARY KEY,
  organization_id  VARCHAR(64)    NOT NULL REFERENCES organizations (id),
  period_start     DATE           NOT NULL,
  name             VARCHAR(200)   NOT NULL,
  amount           NUMERIC(20, 2) NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX adjustments_by_period ON adjustments (organization_id, period_start);
