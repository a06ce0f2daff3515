package dev.affinity.dashboard;

/** A dashboard request refused with a status and a message shown on the HTML error page. */
final class DashboardException extends RuntimeException {
  private final int status;

  DashboardException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
