package dev.tally.client;

/** JSON bodies as the Billing API sends them, and clients pointed at a stub. */
final class Fixtures {

  static final String API_KEY = "test-key-123";

  static final String OPERATOR_KEY = "TALLYOP1_test_operator";

  private Fixtures() {}

  /** A client of the stub with a key, no environment, and a sleeper that only records. */
  static TallyClient.Builder clientFor(StubServer stub, RecordingSleeper sleeper) {
    return TallyClient.builder()
        .baseUrl(stub.baseUrl())
        .apiKey(API_KEY)
        .environment(name -> null)
        .sleeper(sleeper)
        .jitter(() -> 0.5);
  }

  /** {@link #clientFor}, with an operator key too. */
  static TallyClient.Builder operatorClientFor(StubServer stub, RecordingSleeper sleeper) {
    return clientFor(stub, sleeper).operatorKey(OPERATOR_KEY);
  }

  static String cluster(String id, String name) {
    return """
        {"id": "%s", "name": "%s", "cockroach_version": "v24.1.0",
         "upgrade_status": "FINALIZED", "plan": "STANDARD", "cloud_provider": "GCP",
         "state": "CREATED", "operation_status": "UNSPECIFIED",
         "regions": [], "labels": {}, "created_at": "2023-06-01T10:00:00Z"}
        """
        .formatted(id, name);
  }

  /** An invoice whose amounts are given as JSON number text, so their exactness can be checked. */
  static String invoice(String id, String status, String total, String balance, String credit) {
    return """
        {"invoice_id": "%s",
         "period_start": "2024-01-01T00:00:00Z", "period_end": "2024-02-01T00:00:00Z",
         "status": "%s",
         "totals": [{"amount": %s, "currency": "USD"}],
         "balances": [{"amount": %s, "currency": "USD"}],
         "adjustments": [{"name": "Promo credit", "amount": {"amount": %s, "currency": "CRDB_CLOUD_CREDITS"}}],
         "invoice_items": [{"cluster": %s,
           "line_items": [{"description": "Request Units", "quantity": 1200000,
             "quantity_unit": "REQUEST_UNITS", "unit_cost": 2e-7,
             "total": {"amount": 0.24, "currency": "USD"}}],
           "totals": [{"amount": 0.24, "currency": "USD"}]}]}
        """
        .formatted(id, status, total, balance, credit, cluster("c-1", "prod"));
  }

  static String invoice(String id) {
    return invoice(id, "FINALIZED", "12.34", "0", "-1.5");
  }

  static String list(String... invoices) {
    return "{\"invoices\": [" + String.join(",", invoices) + "]}";
  }

  static String status(int code, String message) {
    return "{\"code\": " + code + ", \"message\": \"" + message + "\", \"details\": []}";
  }
}
