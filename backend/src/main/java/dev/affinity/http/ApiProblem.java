package dev.affinity.http;

/**
 * A request the API refuses, with the HTTP status and a detail a person can act on. Thrown anywhere in
 * a handler; {@link ProblemHandler} turns it into RFC 9457 problem+json in one place.
 */
public class ApiProblem extends RuntimeException {
  private final int status;
  private final String title;

  public ApiProblem(int status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, "Bad request", detail);
  }

  /** Also used for other tenants' objects: existence is not leaked. */
  public static ApiProblem notFound(String detail) {
    return new ApiProblem(404, "Not found", detail);
  }

  public static ApiProblem conflict(String detail) {
    return new ApiProblem(409, "Conflict", detail);
  }

  public static ApiProblem unavailable(String detail) {
    return new ApiProblem(503, "Service unavailable", detail);
  }
}
