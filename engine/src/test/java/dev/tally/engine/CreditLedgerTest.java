package dev.tally.engine;

import static dev.tally.engine.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Grants, their active days, and a ledger that cannot hold an impossible draw. */
class CreditLedgerTest {

  static final CreditGrant APRIL =
      CreditGrant.of("april", "100.00", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z");
  static final CreditGrant YEAR =
      CreditGrant.of("year", "500.00", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");

  static LocalDate day(String iso) {
    return LocalDate.parse(iso);
  }

  @Test
  void aGrantIsActiveFromItsStartUntilJustBeforeItsExpiry() {
    assertThat(APRIL.isActiveAt(Instant.parse("2024-04-01T00:00:00Z"))).isTrue();
    assertThat(APRIL.isActiveAt(Instant.parse("2024-04-30T23:59:59Z"))).isTrue();
    assertThat(APRIL.isActiveAt(Instant.parse("2024-05-01T00:00:00Z"))).isFalse();
    assertThat(APRIL.isActiveAt(Instant.parse("2024-03-31T23:59:59Z"))).isFalse();
  }

  @Test
  void aGrantIsActiveOnEveryDayItOverlaps() {
    assertThat(APRIL.isActiveOn(day("2024-04-01"))).isTrue();
    assertThat(APRIL.isActiveOn(day("2024-04-30"))).isTrue();
    assertThat(APRIL.isActiveOn(day("2024-05-01"))).isFalse();
    assertThat(APRIL.isActiveOn(day("2024-03-31"))).isFalse();
    CreditGrant noon =
        CreditGrant.of("noon", "1.00", "2024-04-10T12:00:00Z", "2024-04-11T12:00:00Z");
    assertThat(noon.isActiveOn(day("2024-04-10"))).isTrue();
    assertThat(noon.isActiveOn(day("2024-04-11"))).isTrue();
    assertThat(noon.isActiveOn(day("2024-04-12"))).isFalse();
  }

  @Test
  void closingBalancesAreOpeningLessDraws() {
    CreditLedger ledger =
        new CreditLedger(
            List.of(GrantBalance.unused(APRIL), new GrantBalance(YEAR, dec("300.00"))),
            List.of(
                new CreditDraw("april", day("2024-04-02"), dec("60.00")),
                new CreditDraw("april", day("2024-04-03"), dec("40.00")),
                new CreditDraw("year", day("2024-04-03"), dec("25.50"))));

    assertThat(ledger.totalDrawn()).isEqualTo(dec("125.50"));
    assertThat(ledger.drawnByGrant())
        .containsExactly(Map.entry("april", dec("100.00")), Map.entry("year", dec("25.50")));
    assertThat(ledger.closing())
        .containsExactly(
            new GrantBalance(APRIL, dec("0.00")), new GrantBalance(YEAR, dec("274.50")));
    assertThat(ledger.balanceAt(Instant.parse("2024-05-01T00:00:00Z"))).isEqualTo(dec("274.50"));
  }

  @Test
  void aLedgerRejectsImpossibleDraws() {
    List<GrantBalance> opening = List.of(GrantBalance.unused(APRIL));
    assertThatThrownBy(
            () ->
                new CreditLedger(
                    opening, List.of(new CreditDraw("april", day("2024-04-02"), dec("100.01")))))
        .hasMessage("draws from credit grant april total 100.01, more than its remaining 100.00");
    assertThatThrownBy(
            () ->
                new CreditLedger(
                    opening, List.of(new CreditDraw("april", day("2024-05-01"), dec("1")))))
        .hasMessage("draw from credit grant april on 2024-05-01, when it is not active");
    assertThatThrownBy(
            () ->
                new CreditLedger(
                    opening, List.of(new CreditDraw("other", day("2024-04-02"), dec("1")))))
        .hasMessage("draw from unknown credit grant other");
    assertThatThrownBy(() -> new CreditDraw("april", day("2024-04-02"), dec("0")))
        .hasMessage("credit draw from april must be positive, was 0.00");
  }

  @Test
  void grantsAndBalancesAreWholeCentsWithinTheirAmount() {
    assertThatThrownBy(
            () -> CreditGrant.of("g", "1.001", "2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"))
        .hasMessage("credit grant g amount must be a whole number of cents, was 1.001");
    assertThatThrownBy(
            () -> CreditGrant.of("g", "1", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z"))
        .hasMessageContaining("expiresAt 2024-02-01T00:00:00Z must be after startsAt");
    assertThatThrownBy(() -> new GrantBalance(APRIL, dec("100.01")))
        .hasMessage(
            "credit grant april: remaining 100.01 must be between 0 and the grant's amount 100.00");
  }
}
