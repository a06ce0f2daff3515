package dev.affinity.dashboard;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Double-submit CSRF protection for the dashboard's forms.
 *
 * <p>A form page gets a random 256-bit token in the {@code affinity_csrf} cookie (HttpOnly,
 * SameSite=Strict, Path=/dashboard) and the same value in the form's hidden {@code _csrf} field; every
 * dashboard POST must carry a field equal to the cookie (compared in constant time), else 403.
 *
 * <p>Why this is enough: a forging site can make the browser submit a form to us, but it cannot read our
 * cookie or our pages (same-origin policy), so it cannot put the right {@code _csrf} value into that form.
 * On top of that the session and CSRF cookies are SameSite=Strict, so a cross-site POST carries neither
 * cookie at all and fails twice over; the token is the second wall for what SameSite alone does not cover
 * (old browsers without SameSite, and same-site but cross-origin attackers such as a compromised sibling
 * subdomain, which count as "same site"). Login is protected too, which stops login CSRF (signing a victim
 * into the attacker's tenant). The token is rotated at login so a token planted before login is worthless
 * afterwards.
 */
final class Csrf {
  static final String COOKIE = "affinity_csrf";
  static final String FIELD = "_csrf";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** 32 random bytes, base64url without padding. */
  private static final int TOKEN_LENGTH = 43;

  private final boolean secureCookies;

  Csrf(boolean secureCookies) {
    this.secureCookies = secureCookies;
  }

  /** The token to put in a rendered form: the request's cookie when well-formed, else a new one (set as cookie). */
  String tokenFor(RoutingContext ctx) {
    String existing = cookieValue(ctx);
    if (wellFormed(existing)) {
      return existing;
    }
    return rotate(ctx);
  }

  /** Issues a fresh token and sets it as the cookie. */
  String rotate(RoutingContext ctx) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ctx.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/dashboard").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(secureCookies));
    return token;
  }

  /** Route handler for every dashboard POST: continues only when the form token equals the cookie. */
  void check(RoutingContext ctx) {
    if (matches(cookieValue(ctx), ctx.request().getFormAttribute(FIELD))) {
      ctx.next();
    } else {
      ctx.fail(403, new DashboardException(403,
          "The form has expired or did not come from this dashboard. Reload the page and try again."));
    }
  }

  static boolean matches(String cookie, String field) {
    if (!wellFormed(cookie) || field == null) {
      return false;
    }
    return MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.US_ASCII));
  }

  private static String cookieValue(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(COOKIE);
    return c == null ? null : c.getValue();
  }

  private static boolean wellFormed(String token) {
    if (token == null || token.length() != TOKEN_LENGTH) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char ch = token.charAt(i);
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
